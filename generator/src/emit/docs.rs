//! Descriptions -> rustdoc attributes that `cargo doc` and clippy accept as they are.
//!
//! Vendor descriptions are Markdown written for a web page: they hold bare URLs, square brackets
//! and angle brackets that rustdoc would read as links or HTML, code fences that rustdoc would
//! compile as doctests, and indented lines that it would read as code blocks. Each is made
//! harmless here, once, for every doc comment the generator writes.
//!
//! Names, values and URLs from a description (a parameter name, an enum value, a server URL) are
//! not prose: they are shown only through [`code`], which keeps them on one line, so no newline in
//! them can start a code fence (a doctest that `cargo test` would compile and run). Every line is
//! also stripped of what rustc and clippy refuse in a comment: text-direction controls (which can
//! make the source read differently from what it compiles to), other control characters, tabs.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc = "..."]` attributes for an outer doc comment (an item's).
pub fn outer(text: Option<&str>) -> TokenStream {
    let lines = lines(text.unwrap_or("")).into_iter().map(|line| raw_string(&line));
    quote! { #(#[doc = #lines])* }
}

/// `text` as a raw string literal (`r"..."`, `r#"..."#` when it holds a quote, and so on), which
/// takes it as it is: doc lines are written so (as `///` comments become), since a string literal
/// escapes every character and the printer reads every escape back, and so is JSON, which would
/// have every quote escaped.
pub fn raw_string(text: &str) -> Literal {
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

/// `#![doc = "..."]` attributes for an inner doc comment (a module's).
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #(#![doc = #lines])* }
}

/// The sanitized lines of `text`, each with the leading space rustdoc lines conventionally have;
/// empty when `text` is blank.
pub fn lines(text: &str) -> Vec<String> {
    let text = neutralize(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    for raw in text.lines() {
        let trimmed = raw.trim();
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        let is_fence = marker.len() >= 3 && (marker.chars().all(|c| c == '`') || marker.chars().all(|c| c == '~'));
        match (&fence, is_fence) {
            (None, true) => {
                // Any language tag other than `text` could be compiled as a doctest.
                out.push(format!("{marker}text"));
                fence = Some(marker);
            }
            (Some(open), true)
                if trimmed.starts_with(open.as_str()) && trimmed.trim_start_matches(['`', '~']).is_empty() =>
            {
                out.push(open.clone());
                fence = None;
            }
            (Some(_), _) => out.push(raw.trim_end().to_owned()),
            (None, false) => out.push(escape_inline(&flatten_markers(trimmed))),
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    while out.last().is_some_and(|line| line.is_empty()) {
        out.pop();
    }
    let start = out.iter().position(|line| !line.is_empty()).unwrap_or(out.len());
    // Collapse runs of blank lines: they mean nothing more in Markdown and clutter the output.
    let mut lines: Vec<String> = Vec::new();
    for line in out.into_iter().skip(start) {
        if line.is_empty() && lines.last().is_some_and(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

/// A line with one space after each leading list marker (`-`, `*`, `+`, `1.`, `1)`): after a
/// marker, five spaces or more start an indented code block, which rustdoc would compile.
fn flatten_markers(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let marker_len = if rest.starts_with(['-', '*', '+']) {
            1
        } else if digits > 0 && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        let after = &rest[marker_len..];
        let trimmed = after.trim_start();
        if marker_len == 0 || trimmed.len() == after.len() || trimmed.is_empty() {
            out.push_str(rest);
            return out;
        }
        out.push_str(&rest[..marker_len]);
        out.push(' ');
        rest = trimmed;
    }
}

/// The longest name or value [`code`] shows in full; longer ones are cut, with an ellipsis.
const MAX_CODE_CHARS: usize = 120;

/// An inline code span showing a name, value or URL from a description, on one line whatever it
/// holds: line breaks, tabs and other control characters are shown as escapes (`\n`), backticks
/// as `'`, text-direction controls as their code point, and very long text is cut.
pub fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CODE_CHARS) + 8);
    out.push('`');
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CODE_CHARS {
            out.push('…');
            break;
        }
        match c {
            '`' => out.push('\''),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    // An empty span (or one of spaces only) is not a code span in Markdown.
    if text.trim().is_empty() {
        out.push_str("\"\"");
    }
    out.push('`');
    out
}

/// Whether `c` must not appear in a comment as it is: control characters (rustdoc and terminals
/// read them differently) and the Unicode text-direction and invisible formatting controls that
/// rustc denies (`text_direction_codepoint_in_comment`).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// Prose with tabs as spaces (clippy's `tabs_in_doc_comments`) and every other control,
/// text-direction or invisible formatting character dropped; line breaks are kept for [`lines`].
pub fn neutralize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_hidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes one line of prose: brackets and `<` lose their Markdown meaning (a `|` keeps it, so a
/// description's tables stay tables), bare URLs are wrapped in `<...>` (rustdoc's autolinks), code
/// spans and existing backslash escapes stay as they are.
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() {
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            if let Some(end) = closing_backticks(&chars, i + run, run) {
                out.extend(&chars[i..end + run]);
                i = end + run;
            } else {
                for _ in 0..run {
                    out.push_str("\\`");
                }
                i += run;
            }
            continue;
        }
        if (c == 'h' || c == 'H') && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            if let Some(len) = url_length(&chars[i..]) {
                out.push('<');
                out.extend(&chars[i..i + len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        if c == '<' {
            if let Some(len) = url_length(&chars[i + 1..]).filter(|len| chars.get(i + 1 + len) == Some(&'>')) {
                out.extend(&chars[i..i + len + 2]);
                i += len + 2;
                continue;
            }
        }
        if c == '[' {
            if let Some(len) = markdown_link(&chars[i..]) {
                out.extend(&chars[i..i + len]);
                i += len;
                continue;
            }
        }
        match c {
            '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The length of a Markdown link to an http(s) URL (`[text](https://...)`) at the start of
/// `chars`: rustdoc renders those as they are.
fn markdown_link(chars: &[char]) -> Option<usize> {
    let close = chars.iter().position(|c| *c == ']')?;
    if chars[1..close].iter().any(|c| matches!(c, '[' | '`' | '<' | '>')) || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let url = url_length(&chars[close + 2..])?;
    let end = close + 2 + url;
    (chars.get(end) == Some(&')')).then_some(end + 1)
}

/// Where a run of exactly `run` backticks starts at or after `from`.
fn closing_backticks(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|c| **c == '`').count();
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// The length of an `http://` or `https://` URL at the start of `chars`, without trailing
/// punctuation that belongs to the sentence.
fn url_length(chars: &[char]) -> Option<usize> {
    let prefix: String = chars.iter().take(8).collect::<String>().to_ascii_lowercase();
    let scheme = if prefix.starts_with("https://") {
        8
    } else if prefix.starts_with("http://") {
        7
    } else {
        return None;
    };
    let mut len = chars
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '|' | '\\'))
        .count();
    while len > scheme && matches!(chars[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'' | '*' | '_') {
        len -= 1;
    }
    (len > scheme).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::{lines, raw_string};

    #[test]
    fn doc_lines_are_raw_strings_where_they_can_be() {
        for (line, written) in [
            (r" Plain \d+ text", r##"r" Plain \d+ text""##),
            (r#" Says "hi""#, r###"r#" Says "hi""#"###),
            (r##" Odd "# pair"##, r###"r##" Odd "# pair"##"###),
        ] {
            let literal = raw_string(line);
            assert_eq!(literal.to_string(), written);
            let parsed: syn::LitStr = syn::parse_quote!(#literal);
            assert_eq!(parsed.value(), line);
        }
    }

    #[test]
    fn sanitizes() {
        let text = "  Get [it] <b>now</b>: see https://example.com/a_b.\n\n\n    indented <https://x.io> [a](https://y.io/)\n```\nlet x = [1];\n```\nuse `a[0]`";
        let expected: Vec<String> = vec![
            " Get \\[it\\] \\<b\\>now\\</b\\>: see <https://example.com/a_b>.",
            "",
            " indented <https://x.io> [a](https://y.io/)",
            " ```text",
            " let x = [1];",
            " ```",
            " use `a[0]`",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(lines(text), expected);
    }

    #[test]
    fn tables_stay_tables() {
        let text = "| Name | Value |\n| ---- | ----- |\n| [Open] | `a|b` |";
        assert_eq!(lines(text), [" | Name | Value |", " | ---- | ----- |", " | \\[Open\\] | `a|b` |"]);
    }
}
