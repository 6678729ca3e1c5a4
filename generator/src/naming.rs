//! All naming decisions: Rust case, keywords, singular forms and uniqueness.
//!
//! Every identifier the generator emits is made here, so the rules (what a keyword becomes, how
//! a name that starts with a digit is fixed, how collisions are broken) hold everywhere alike.

use heck::{ToPascalCase, ToSnakeCase};

pub mod words;

/// Words that cannot be plain identifiers; they are emitted as raw identifiers (`r#type`), except
/// the few that cannot be raw (see [`is_raw_forbidden`]).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Whether `word` is a Rust keyword (strict or reserved, any edition up to 2024).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keywords that `r#` cannot escape; they get a trailing underscore instead.
pub fn is_raw_forbidden(word: &str) -> bool {
    matches!(word, "self" | "Self" | "super" | "crate" | "_")
}

/// Splits on anything that is not alphanumeric, so `{{accountUid}}`, `[personUid]` and
/// `T-Test-Account` all become clean words before casing.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// A snake_case identifier for `raw` (not escaped: see [`crate::emit`] for `r#`). Never empty;
/// never starts with a digit.
pub fn snake(raw: &str) -> String {
    let mut name = clean(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if is_raw_forbidden(&name) {
        name.push('_');
    }
    name
}

/// A PascalCase identifier for `raw`. Never empty; never starts with a digit.
pub fn pascal(raw: &str) -> String {
    let mut name = clean(raw).to_pascal_case();
    if name.is_empty() {
        name.push_str("Value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if is_raw_forbidden(&name) {
        name.push('_');
    }
    name
}

/// Makes `candidate` unique among `taken` by appending the smallest free number, and records it.
/// Callers that can do better (a folder name, a parent type) try that first.
pub fn unique(candidate: String, taken: &mut indexmap::IndexSet<String>) -> String {
    if taken.insert(candidate.clone()) {
        return candidate;
    }
    let mut n = 2;
    loop {
        let next = format!("{candidate}{n}");
        if taken.insert(next.clone()) {
            return next;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("accountID"), "account_id");
        assert_eq!(snake("{{accountUid}}"), "account_uid");
        assert_eq!(snake("T-Test-Account"), "t_test_account");
        assert_eq!(snake("FromPerson.Uid"), "from_person_uid");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(pascal("mailing address"), "MailingAddress");
        assert_eq!(pascal("3d"), "V3d");
    }
}
