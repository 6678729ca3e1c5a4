//! Descriptions -> rustdoc attributes that `cargo doc` and clippy accept as they are.
//!
//! Vendor descriptions are Markdown written for a web page: they hold bare URLs, square brackets
//! and angle brackets that rustdoc would read as links or HTML, code fences that rustdoc would
//! compile as doctests, and indented lines that it would read as code blocks. Each is made
//! harmless here, once, for every doc comment the generator writes.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for an outer doc comment (an item's).
pub fn outer(text: Option<&str>) -> TokenStream {
    let lines = lines(text.unwrap_or(""));
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "..."]` attributes for an inner doc comment (a module's).
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #(#![doc = #lines])* }
}

/// The sanitized lines of `text`, each with the leading space rustdoc lines conventionally have;
/// empty when `text` is blank.
pub fn lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
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
            (None, false) => out.push(escape_inline(trimmed)),
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

/// Escapes one line of prose: brackets and `<` lose their Markdown meaning, bare URLs are wrapped
/// in `<...>` (rustdoc's autolinks), code spans and existing backslash escapes stay as they are.
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
            '[' | ']' | '<' | '>' | '|' => {
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
    use super::lines;

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
}
