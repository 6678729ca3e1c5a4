//! Attributes as prettyplease prints them: doc attributes as `///` and `//!` lines, others on
//! one line (a file's long `#![allow(..)]` list one element per line).

use std::fmt::Write;

use proc_macro2::{Delimiter, Literal};

use super::tokens::{Tok, is_punct, split};
use super::{INDENT, fits, indent, line, put};

/// A file's inner attributes (`//!` lines for its docs, then `#![allow(..)]`-like attributes) as
/// prettyplease prints them, or `None` when one is not plain.
pub fn inner_attributes(toks: &[Tok]) -> Option<String> {
    let mut out = String::new();
    let mut rest = toks;
    while let [Tok::Punct(hash), Tok::Punct(bang), Tok::Group(Delimiter::Bracket, _, meta), after @ ..] = rest {
        if hash.as_char() != '#' || bang.as_char() != '!' {
            return None;
        }
        match meta.as_slice() {
            [Tok::Ident(doc), Tok::Punct(eq), Tok::Literal(text)] if doc == "doc" && eq.as_char() == '=' => {
                let text = string_value(text)?;
                if text.contains('\n') || text.starts_with(['/', '!']) {
                    return None;
                }
                out.push_str("//!");
                out.push_str(text.trim_end_matches(' '));
                out.push('\n');
            }
            [path @ .., Tok::Group(Delimiter::Parenthesis, _, list)] => {
                let mut text = String::from("#![");
                attribute_meta(meta, &mut text)?;
                text.push(']');
                if fits(0, &text) {
                    put(&mut out, 0, &text);
                } else {
                    // A list too long for a line: one element per line.
                    if list.iter().any(|tok| matches!(tok, Tok::Group(..) | Tok::Literal(_))) {
                        return None;
                    }
                    let mut first = String::from("#![");
                    attribute_meta(path, &mut first)?;
                    first.push('(');
                    line(&mut out, 0, &first)?;
                    let elements = split(list, ',');
                    let trailing = list.last().is_some_and(|tok| is_punct(tok, ','));
                    for (index, element) in elements.iter().enumerate() {
                        let mut text = String::new();
                        attribute_tokens(element, &mut text)?;
                        if index + 1 < elements.len() || trailing {
                            text.push(',');
                        }
                        line(&mut out, INDENT, &text)?;
                    }
                    line(&mut out, 0, ")]")?;
                }
            }
            _ => return None,
        }
        rest = after;
    }
    rest.is_empty().then_some(out)
}

/// The outer attributes at the start of `toks`, printed at `level`; returns what follows.
pub(super) fn attributes<'a>(mut toks: &'a [Tok], level: usize, out: &mut String) -> Option<&'a [Tok]> {
    while let [Tok::Punct(hash), Tok::Group(Delimiter::Bracket, _, meta), rest @ ..] = toks {
        if hash.as_char() != '#' {
            break;
        }
        match meta.as_slice() {
            [Tok::Ident(doc), Tok::Punct(eq), Tok::Literal(text)] if doc == "doc" && eq.as_char() == '=' => {
                let text = string_value(text)?;
                if text.contains('\n') || text.starts_with('/') {
                    return None;
                }
                indent(out, level);
                out.push_str("///");
                out.push_str(text.trim_end_matches(' '));
                out.push('\n');
            }
            _ => {
                let mut text = String::from("#[");
                attribute_meta(meta, &mut text)?;
                text.push(']');
                line(out, level, &text)?;
            }
        }
        toks = rest;
    }
    Some(toks)
}

/// An attribute's meta as prettyplease prints it: a path, or a path and a parenthesized list
/// printed by its rules for attribute tokens.
fn attribute_meta(meta: &[Tok], out: &mut String) -> Option<()> {
    let (path, list) = match meta {
        [path @ .., Tok::Group(Delimiter::Parenthesis, _, list)] => (path, Some(list)),
        path => (path, None),
    };
    for (index, tok) in path.iter().enumerate() {
        match tok {
            Tok::Ident(ident) if index % 3 == 0 => write!(out, "{ident}").ok()?,
            Tok::Punct(p) if p.as_char() == ':' && index % 3 != 0 => out.push(':'),
            _ => return None,
        }
    }
    if path.is_empty() || path.len() % 3 != 1 {
        return None;
    }
    if let Some(list) = list {
        out.push('(');
        attribute_tokens(list, out)?;
        out.push(')');
    }
    Some(())
}

/// prettyplease's printing of attribute tokens, on one line.
fn attribute_tokens(toks: &[Tok], out: &mut String) -> Option<()> {
    #[derive(PartialEq)]
    enum State {
        Word,
        Punct,
    }
    let mut state = State::Punct;
    for (index, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Ident(ident) => {
                if state == State::Word {
                    out.push(' ');
                }
                write!(out, "{ident}").ok()?;
                state = State::Word;
            }
            Tok::Literal(literal) => {
                if state == State::Word {
                    out.push(' ');
                }
                write!(out, "{literal}").ok()?;
                state = State::Word;
            }
            Tok::Punct(punct) => {
                let c = punct.as_char();
                if state == State::Word && c == '=' {
                    out.push(' ');
                }
                if c == ',' && index + 1 == toks.len() {
                    // A trailing comma is dropped on one line.
                } else {
                    out.push(c);
                    if c == '=' || c == ',' {
                        out.push(' ');
                    }
                }
                state = State::Punct;
            }
            Tok::Group(Delimiter::Parenthesis, _, inner) => {
                out.push('(');
                attribute_tokens(inner, out)?;
                out.push(')');
                state = State::Punct;
            }
            Tok::Group(..) => return None,
        }
    }
    Some(())
}

/// The value of a string literal (`None` for any other literal), as syn reads it.
pub(super) fn string_value(literal: &Literal) -> Option<String> {
    let text = literal.to_string();
    // A raw string (every doc line is one) is what its quotes hold: nothing to unescape.
    if let Some(rest) = text.strip_prefix('r') {
        let hashes = &rest[..rest.len() - rest.trim_start_matches('#').len()];
        let inner = rest[hashes.len()..].strip_prefix('"')?.strip_suffix(hashes)?.strip_suffix('"')?;
        return Some(inner.to_owned());
    }
    // A string with no escape in it is also what its quotes hold (a `"` or `\` would be escaped).
    if let Some(inner) = text.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Some(inner.to_owned());
        }
    }
    match syn::Lit::new(literal.clone()) {
        syn::Lit::Str(string) => Some(string.value()),
        _ => None,
    }
}
