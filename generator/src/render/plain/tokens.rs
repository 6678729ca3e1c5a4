//! Token trees the plain printer reads: owned, so they can be read ahead and by reference, and
//! cut into items and lists.

use proc_macro2::{Delimiter, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// A token tree owned as a plain tree, so it can be read ahead and by reference.
#[derive(Clone)]
pub enum Tok {
    Ident(Ident),
    Punct(Punct),
    Literal(Literal),
    Group(Delimiter, Span, Vec<Tok>),
}

impl Tok {
    pub fn span(&self) -> Span {
        match self {
            Tok::Ident(ident) => ident.span(),
            Tok::Punct(punct) => punct.span(),
            Tok::Literal(literal) => literal.span(),
            Tok::Group(_, span, _) => *span,
        }
    }
}

/// The trees of `stream`, moved (a group's stream is taken once the group is gone, so nothing is
/// copied).
pub fn own(stream: TokenStream) -> Vec<Tok> {
    stream
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) => Tok::Ident(ident),
            TokenTree::Punct(punct) => Tok::Punct(punct),
            TokenTree::Literal(literal) => Tok::Literal(literal),
            TokenTree::Group(group) => {
                let (delimiter, span, stream) = (group.delimiter(), group.span(), group.stream());
                drop(group);
                Tok::Group(delimiter, span, own(stream))
            }
        })
        .collect()
}

/// The token stream of `toks`, for the usual renderer.
pub fn back(toks: Vec<Tok>) -> TokenStream {
    toks.into_iter()
        .map(|tok| match tok {
            Tok::Ident(ident) => TokenTree::Ident(ident),
            Tok::Punct(punct) => TokenTree::Punct(punct),
            Tok::Literal(literal) => TokenTree::Literal(literal),
            Tok::Group(delimiter, span, inner) => {
                let mut group = proc_macro2::Group::new(delimiter, back(inner));
                group.set_span(span);
                TokenTree::Group(group)
            }
        })
        .collect()
}

/// A file's tokens as its inner attributes and its items, one by one.
pub fn split_file(toks: Vec<Tok>) -> (Vec<Tok>, Vec<Vec<Tok>>) {
    let mut inner = Vec::new();
    let mut rest = toks.into_iter().peekable();
    loop {
        let is_inner = matches!(rest.peek(), Some(Tok::Punct(p)) if p.as_char() == '#');
        if !is_inner {
            break;
        }
        let hash = rest.next();
        let bang = rest.next_if(|tok| is_punct(tok, '!'));
        let Some(bang) = bang else {
            // An outer attribute: the items start here.
            let mut items: Vec<Tok> = hash.into_iter().collect();
            items.extend(rest);
            return (inner, items_of(items));
        };
        inner.extend(hash);
        inner.push(bang);
        inner.extend(rest.next());
    }
    (inner, items_of(rest.collect()))
}

/// `toks` cut into items: each with its outer attributes, up to its `;` (a constant, static or
/// type up to its `;` whatever it holds) or its braces.
fn items_of(toks: Vec<Tok>) -> Vec<Vec<Tok>> {
    let mut items = Vec::new();
    let mut current = Vec::new();
    let mut toks = toks.into_iter().peekable();
    while let Some(tok) = toks.next() {
        let attribute = is_punct(&tok, '#')
            && current.iter().all(|tok: &Tok| matches!(tok, Tok::Punct(_) | Tok::Group(Delimiter::Bracket, ..)));
        let declaration = current
            .iter()
            .filter(|tok| !matches!(tok, Tok::Punct(_) | Tok::Group(Delimiter::Bracket, ..)))
            .take(2)
            .any(|tok| ["const", "static", "type", "use"].iter().any(|word| is_ident(tok, word)));
        let ends = is_punct(&tok, ';') || (is_brace(&tok) && !declaration && !attribute);
        current.push(tok);
        if attribute {
            current.extend(toks.next());
            continue;
        }
        if ends {
            items.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    items
}

pub(super) fn is_punct(tok: &Tok, c: char) -> bool {
    matches!(tok, Tok::Punct(punct) if punct.as_char() == c)
}

pub(super) fn is_ident(tok: &Tok, word: &str) -> bool {
    matches!(tok, Tok::Ident(ident) if ident == word)
}

pub(super) fn is_brace(tok: &Tok) -> bool {
    matches!(tok, Tok::Group(Delimiter::Brace, ..))
}

/// `toks` split at the `separator`s outside groups and generics (a trailing one makes no empty
/// part).
pub(super) fn split(toks: &[Tok], separator: char) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let (mut angles, mut start) = (0usize, 0);
    for (index, tok) in toks.iter().enumerate() {
        let Tok::Punct(punct) = tok else { continue };
        let after_joint = |c: char| {
            index > 0 && matches!(&toks[index - 1], Tok::Punct(p) if p.as_char() == c && p.spacing() == Spacing::Joint)
        };
        match punct.as_char() {
            '<' => angles += 1,
            '>' if !after_joint('-') && !after_joint('=') => angles = angles.saturating_sub(1),
            c if c == separator && angles == 0 => {
                parts.push(&toks[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    if start < toks.len() {
        parts.push(&toks[start..]);
    }
    parts
}
