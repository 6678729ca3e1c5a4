//! Descriptions -> Markdown for rustdoc.
//!
//! Vendors write descriptions in HTML (Outseta's collection is full of `<p>` and `<pre><code>`)
//! or in Markdown (Postman's own editor). Rustdoc reads Markdown, so HTML is converted with
//! `htmd` and Markdown is passed through. Either way, a code fence without a language is marked
//! `text`: rustdoc would otherwise compile it as a Rust doctest, and vendor snippets are not Rust.

use htmd::options::{BulletListMarker, Options};
use htmd::HtmlToMarkdown;

/// The Markdown form of a description, or `None` when there is nothing to say.
pub fn markdown(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let markdown = if looks_like_html(text) { html_to_markdown(text) } else { text.to_owned() };
    let markdown = tag_bare_fences(markdown.trim());
    (!markdown.trim().is_empty()).then_some(markdown)
}

/// A description is HTML when it holds a recognisable tag; a lone `<` in prose (`a < b`, a
/// `<placeholder>`) is not enough.
fn looks_like_html(text: &str) -> bool {
    const TAGS: &[&str] = &[
        "<html", "<body", "<p>", "<p ", "<br", "<div", "<span", "<ul", "<ol", "<li", "<h1", "<h2", "<h3",
        "<h4", "<strong", "<em>", "<code", "<pre", "<a href", "<table", "</",
    ];
    let lower = text.to_ascii_lowercase();
    TAGS.iter().any(|tag| lower.contains(tag))
}

fn html_to_markdown(html: &str) -> String {
    let options = Options {
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        ..Options::default()
    };
    let converter = HtmlToMarkdown::builder().options(options).skip_tags(vec!["head", "script", "style"]).build();
    // A converter failure is an I/O error on an in-memory string, which does not happen; the raw
    // text is still better than nothing if it ever does.
    converter.convert(html).unwrap_or_else(|_| html.to_owned())
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
    }
}
