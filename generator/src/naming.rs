//! All naming decisions: Rust case, keywords, singular forms and uniqueness.
//!
//! Every identifier the generator emits is made here, so the rules (what a keyword becomes, how
//! a name that starts with a digit is fixed, how collisions are broken) hold everywhere alike.

use heck::{ToPascalCase, ToSnakeCase};

pub mod words;

/// Words that cannot be plain identifiers; they are emitted as raw identifiers (`r#type`), except
/// the few that cannot be raw (see [`is_raw_forbidden`]).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Whether `word` is a Rust keyword (strict or reserved, any edition up to 2024).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Names of the Rust prelude (2021 and later) that generated code uses unqualified or that a
/// reader takes for the std item: a made-up type named like one of them would shadow it in its
/// module (`Option`, `Result`, `String`, `Default`, ...). A documented name may still be one of
/// them; the emitters then write absolute paths.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "FromIterator",
    "ToOwned",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
];

/// Whether `name` is that of a Rust prelude item, which a type of that name would shadow.
pub fn is_prelude_name(name: &str) -> bool {
    PRELUDE.contains(&name)
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

/// Brand and protocol names whose inner capital does not start a word: `OAuthToken` is
/// `oauth_token`, not `o_auth_token`.
const COMPOUNDS: &[(&str, &str)] = &[
    ("OAuth", "Oauth"),
    ("GitHub", "Github"),
    ("GitLab", "Gitlab"),
    ("YouTube", "Youtube"),
    ("LinkedIn", "Linkedin"),
    ("PayPal", "Paypal"),
    ("WordPress", "Wordpress"),
    ("JavaScript", "Javascript"),
    ("TypeScript", "Typescript"),
    ("iOS", "Ios"),
    ("macOS", "Macos"),
];

/// A snake_case identifier for `raw` (not escaped: see [`crate::emit`] for `r#`). Never empty;
/// never starts with a digit.
pub fn snake(raw: &str) -> String {
    memoized(&SNAKE, raw, snake_uncached)
}

fn snake_uncached(raw: &str) -> String {
    let mut cleaned = clean(raw);
    for (compound, word) in COMPOUNDS {
        if cleaned.contains(compound) {
            cleaned = cleaned.replace(compound, word);
        }
    }
    let mut name = cleaned.to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    // `_123` says nothing (clippy's `just_underscores_and_digits`); `value_123` at least reads.
    if name.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        name.insert_str(0, "value");
    }
    if is_raw_forbidden(&name) {
        name.push('_');
    }
    shorten(name, "_")
}

/// A PascalCase identifier for `raw`. Never empty; never starts with a digit.
pub fn pascal(raw: &str) -> String {
    memoized(&PASCAL, raw, pascal_uncached)
}

fn pascal_uncached(raw: &str) -> String {
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
    shorten(name, "")
}

thread_local! {
    static PASCAL: Memo = Memo::default();
    static SNAKE: Memo = Memo::default();
}

/// Names already made on this thread, by the text they were made from: a description repeats
/// its member names thousands of times (`id`, `object`, `created`), and case conversion is a
/// fair share of lowering.
type Memo = std::cell::RefCell<std::collections::HashMap<String, String>>;

fn memoized(memo: &'static std::thread::LocalKey<Memo>, raw: &str, make: fn(&str) -> String) -> String {
    memo.with(|memo| {
        if let Some(name) = memo.borrow().get(raw) {
            return name.clone();
        }
        let name = make(raw);
        memo.borrow_mut().insert(raw.to_owned(), name.clone());
        name
    })
}

/// The longest identifier emitted as it is. A type's rustdoc page is a file named after it
/// (`struct.{Name}.html`), and file names are limited (255 bytes on common file systems). Long
/// names from context chains are shortened to their distinguishing words before this applies
/// (`crate::shorten`); this cap is the last resort for names nothing else could shorten, and is
/// high enough that shortening still sees every word.
pub const MAX_IDENT_LEN: usize = 200;

/// `name` if it is short enough, else its first characters and a hash of the whole (FNV-1a, so
/// the same long name gives the same identifier on every run and machine).
fn shorten(name: String, separator: &str) -> String {
    if name.len() <= MAX_IDENT_LEN {
        return name;
    }
    let hash = name
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3));
    // Cleaned names are ASCII, so any byte index is a character boundary.
    let keep = MAX_IDENT_LEN - 8 - separator.len();
    let head = name[..keep].trim_end_matches('_');
    format!("{head}{separator}{:08x}", hash as u32)
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

/// The setter name of each optional field (`fields`, already unique snake_case names): its own
/// name, or `with_<name>` when a method of the same type (`reserved`) has the name, made unique
/// among the setters and the reserved names so that no two methods can be the same.
pub fn setter_names(fields: &[String], reserved: &[&str]) -> Vec<String> {
    let mut taken: indexmap::IndexSet<String> = reserved.iter().map(|name| name.to_string()).collect();
    // Fields whose own name is free keep it, whatever their order.
    taken.extend(fields.iter().filter(|field| !reserved.contains(&field.as_str())).cloned());
    fields
        .iter()
        .map(|field| {
            if reserved.contains(&field.as_str()) { unique(format!("with_{field}"), &mut taken) } else { field.clone() }
        })
        .collect()
}

/// Irregular plurals that the suffix rules below would get wrong.
const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("vertices", "vertex"),
    ("criteria", "criterion"),
    ("analyses", "analysis"),
    ("statuses", "status"),
    ("aliases", "alias"),
    ("buses", "bus"),
    ("quizzes", "quiz"),
    ("movies", "movie"),
    ("cookies", "cookie"),
];

/// Words that end in `s` and are already singular (or have no plural form of their own).
const SINGULAR_S: &[&str] = &["news", "series", "species", "data", "metadata", "analytics", "stats", "settings"];

/// The singular of one lower- or mixed-case English word (`offerings` -> `offering`, `People` ->
/// `Person`, `Addresses` -> `Address`). Words that do not look plural are returned unchanged. The
/// case of the first letter is kept.
pub fn singular_word(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let keep_case = |singular: &str| -> String {
        let mut out = String::with_capacity(singular.len());
        for (i, c) in singular.chars().enumerate() {
            let upper = word.chars().nth(i).is_some_and(|o| o.is_ascii_uppercase());
            out.push(if upper { c.to_ascii_uppercase() } else { c });
        }
        out
    };
    if let Some((_, singular)) = IRREGULAR_PLURALS.iter().find(|(plural, _)| *plural == lower) {
        return keep_case(singular);
    }
    if SINGULAR_S.contains(&lower.as_str()) || lower.len() < 3 {
        return word.to_owned();
    }
    let cut = |n: usize| word[..word.len() - n].to_owned();
    if lower.ends_with("ies") && lower.len() > 4 {
        return format!("{}{}", cut(3), if word.ends_with("IES") { "Y" } else { "y" });
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes"] {
        if lower.ends_with(suffix) {
            return cut(2);
        }
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") || lower.ends_with("ics") {
        return word.to_owned();
    }
    if lower.ends_with('s') {
        return cut(1);
    }
    word.to_owned()
}

/// Splits a PascalCase (or camelCase) identifier into its words: `InvoiceLineItems` ->
/// `["Invoice", "Line", "Items"]`. Digits stay with the word before them.
pub fn pascal_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if i == 0 || !c.is_ascii_uppercase() {
            continue;
        }
        let prev_upper = chars[i - 1].1.is_ascii_uppercase();
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_lowercase());
        // A new word starts at an upper-case letter after a lower-case one, or at the last
        // capital of an acronym that is followed by a lower-case letter (`APIKey` -> `API`, `Key`).
        if !prev_upper || next_lower {
            words.push(&name[start..at]);
            start = at;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// The singular form of a PascalCase type name: only its last word changes
/// (`InvoiceLineItems` -> `InvoiceLineItem`, `PersonAccount` -> `PersonAccount`).
pub fn singular_pascal(name: &str) -> String {
    let words = pascal_words(name);
    match words.split_last() {
        Some((last, rest)) => format!("{}{}", rest.concat(), singular_word(last)),
        None => name.to_owned(),
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
        assert_eq!(snake("123"), "value_123");
        assert_eq!(snake("OAuthGoogleProfileId"), "oauth_google_profile_id");
        assert_eq!(snake("OAuth2Token"), "oauth2_token");
        assert_eq!(snake("githubUser"), "github_user");
        assert_eq!(snake("GitHubUser"), "github_user");
        assert_eq!(pascal("mailing address"), "MailingAddress");
        assert_eq!(pascal("3d"), "V3d");
        let long = "very long name ".repeat(700);
        assert_eq!(snake(&long).len(), MAX_IDENT_LEN);
        assert_eq!(snake(&snake(&long)), snake(&long));
        assert_eq!(pascal(&pascal(&long)), pascal(&long));
        assert_ne!(pascal(&long), pascal(&format!("{long}x")));
    }

    #[test]
    fn setters() {
        let fields = ["new", "with_new", "to_request", "limit"].map(String::from);
        assert_eq!(
            setter_names(&fields, &["new", "to_request"]),
            ["with_new2", "with_new", "with_to_request", "limit"]
        );
    }

    #[test]
    fn singulars() {
        assert_eq!(singular_pascal("Offerings"), "Offering");
        assert_eq!(singular_pascal("PersonAccount"), "PersonAccount");
        assert_eq!(singular_pascal("InvoiceLineItems"), "InvoiceLineItem");
        assert_eq!(singular_pascal("People"), "Person");
        assert_eq!(singular_pascal("MailingAddresses"), "MailingAddress");
        assert_eq!(singular_pascal("Categories"), "Category");
        assert_eq!(singular_pascal("Status"), "Status");
        assert_eq!(singular_pascal("Matches"), "Match");
        assert_eq!(singular_pascal("Errors"), "Error");
        assert_eq!(pascal_words("APIKeys"), ["API", "Keys"]);
    }
}
