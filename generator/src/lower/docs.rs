//! Descriptions -> Markdown for rustdoc.
//!
//! Vendors write descriptions in HTML (Outseta's collection is full of `<p>` and `<pre><code>`)
//! or in Markdown (Postman's own editor). Rustdoc reads Markdown, so HTML is converted with
//! `htmd` and Markdown is passed through. Either way, a code fence without a language is marked
//! `text`: rustdoc would otherwise compile it as a Rust doctest, and vendor snippets are not Rust;
//! and a bare URL in prose becomes an autolink (`<https://...>`), which rustdoc wants.

use htmd::HtmlToMarkdown;
use htmd::options::{BulletListMarker, Options};

/// The Markdown form of a description, or `None` when there is nothing to say.
pub fn markdown(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let markdown = if looks_like_html(text) { html_to_markdown(text) } else { text.to_owned() };
    let markdown = autolink_bare_urls(&tag_bare_fences(markdown.trim()));
    (!markdown.trim().is_empty()).then_some(markdown)
}

/// A description is HTML when it holds a recognisable tag; a lone `<` in prose (`a < b`, a
/// `<placeholder>`) is not enough.
fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "<html", "<body", "<p>", "<p ", "<br", "<div", "<span", "<ul", "<ol", "<li", "<h1", "<h2", "<h3", "<h4",
        "<strong", "<em>", "<code", "<pre", "<a href", "<table", "</",
    ];
    let lower = text.to_ascii_lowercase();
    TAGS.iter().any(|tag| lower.contains(tag))
}

fn html_to_markdown(html: &str) -> String {
    thread_local! {
        // Made once per thread: building a converter costs as much as converting a paragraph.
        static CONVERTER: HtmlToMarkdown = HtmlToMarkdown::builder()
            .options(Options {
                bullet_list_marker: BulletListMarker::Dash,
                ul_bullet_spacing: 1,
                ol_number_spacing: 1,
                ..Options::default()
            })
            .skip_tags(vec!["head", "script", "style"])
            .build();
    }
    // A converter failure is an I/O error on an in-memory string, which does not happen; the raw
    // text is still better than nothing if it ever does.
    CONVERTER.with(|converter| converter.convert(html)).unwrap_or_else(|_| html.to_owned())
}

/// Marks every opening code fence that names no language as `text`.
fn tag_bare_fences(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut open_fence: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let fence: String = trimmed.chars().take_while(|&c| c == '`' || c == '~').collect();
        let is_fence = fence.len() >= 3 && fence.chars().all(|c| c == fence.chars().next().unwrap_or('`'));
        match (&open_fence, is_fence) {
            (None, true) => {
                let info = trimmed[fence.len()..].trim();
                if info.is_empty() {
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push_str(&format!("{indent}{fence}text"));
                } else {
                    out.push_str(line);
                }
                open_fence = Some(fence);
            }
            (Some(open), true) if fence.starts_with(open.as_str()) && trimmed[fence.len()..].trim().is_empty() => {
                out.push_str(line);
                open_fence = None;
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// Wraps `http(s)://` URLs that stand alone in prose in `<>`; code (fenced or inline) and URLs
/// that are already link targets are left alone.
fn autolink_bare_urls(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || !line.contains("://") {
            out.push_str(line);
        } else {
            out.push_str(&autolink_line(line));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

fn autolink_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        let at_word_start = out.is_empty() || out.ends_with(char::is_whitespace);
        if !in_code && at_word_start && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '"', '\'']);
            // An autolink shows its text verbatim, so Markdown escapes (`\[`) must go.
            out.push('<');
            out.push_str(&url.replace('\\', ""));
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn html_and_markdown() {
        assert_eq!(markdown("  "), None);
        assert_eq!(markdown("<p>Retrieves a person.</p>\n").as_deref(), Some("Retrieves a person."));
        assert_eq!(markdown("Plain **markdown** stays.").as_deref(), Some("Plain **markdown** stays."));
        assert_eq!(markdown("```\nGET /x\n```").as_deref(), Some("```text\nGET /x\n```"));
        assert_eq!(markdown("```json\n{}\n```").as_deref(), Some("```json\n{}\n```"));
        assert_eq!(
            markdown("See https://x.example/a. Or `https://y.example` or [z](https://z.example)").as_deref(),
            Some("See <https://x.example/a>. Or `https://y.example` or [z](https://z.example)")
        );
    }
}
