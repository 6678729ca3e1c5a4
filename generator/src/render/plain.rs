//! A printer for the plain items the emitters write most (structs, enums, aliases, constants,
//! and impls whose functions are short statements), straight from their tokens, with the text
//! `prettyplease` gives them: no second parse into a syntax tree, which was most of the cost of
//! rendering. Where a line would be too long it breaks calls, arrays, struct literals and
//! parameter lists one element per line, as prettyplease does. A statement, impl member, field
//! or variant of a top-level item that it does not know is printed alone by prettyplease (in a
//! wrapper that is cut away) and put in its place; an item it cannot take at all is refused
//! (`None`) and rendered the usual way. The text is the same either way: debug builds print every
//! item both ways and fail on a difference (see [`super::rust_file_items`]).

use std::fmt::Write;

use proc_macro2::{Delimiter, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// prettyplease's margin: a line that does not fit is broken where its syntax allows.
const MARGIN: usize = 89;
const INDENT: usize = 4;

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

/// The text of `toks`, one or more items, or `None` when some part is not plain.
pub fn items(toks: &[Tok]) -> Option<String> {
    let mut out = String::new();
    let mut rest = toks;
    while !rest.is_empty() {
        rest = item(rest, 0, &mut out)?;
    }
    Some(out)
}

fn is_punct(tok: &Tok, c: char) -> bool {
    matches!(tok, Tok::Punct(punct) if punct.as_char() == c)
}

fn is_ident(tok: &Tok, word: &str) -> bool {
    matches!(tok, Tok::Ident(ident) if ident == word)
}

fn is_brace(tok: &Tok) -> bool {
    matches!(tok, Tok::Group(Delimiter::Brace, ..))
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n(' ', level));
}

/// Appends `text` as a line at `level`, if prettyplease would keep it on one line.
fn line(out: &mut String, level: usize, text: &str) -> Option<()> {
    if level + text.len() > MARGIN {
        return None;
    }
    indent(out, level);
    out.push_str(text);
    out.push('\n');
    Some(())
}

/// One item (with its outer attributes) at `level`; returns what follows it.
fn item<'a>(toks: &'a [Tok], level: usize, out: &mut String) -> Option<&'a [Tok]> {
    let toks = attributes(toks, level, out)?;
    let end = toks.iter().position(|tok| is_punct(tok, ';') || is_brace(tok))?;
    let (head, body, rest) = (&toks[..end], &toks[end], &toks[end + 1..]);
    let words = if is_ident(head.first()?, "pub") { &head[1..] } else { head };
    let first = words.first()?;
    let body = match body {
        Tok::Group(_, _, inner) => Some(inner.as_slice()),
        _ => None,
    };
    if is_ident(first, "struct") || is_ident(first, "enum") {
        let Some(members) = body else {
            // A unit or tuple struct.
            let text = flat_line(head, Ctx::Type, ";")?;
            line(out, level, &text)?;
            return Some(rest);
        };
        if words.len() != 2 {
            return None;
        }
        let text = flat_line(head, Ctx::Type, if members.is_empty() { " {}" } else { " {" })?;
        line(out, level, &text)?;
        if !members.is_empty() {
            let kind = if is_ident(first, "struct") { quote::quote!(struct) } else { quote::quote!(enum) };
            for member in split(members, ',') {
                let mut text = String::new();
                match field(member, level + INDENT, &mut text) {
                    Some(()) => out.push_str(&text),
                    // A field or variant of a top-level type: printed alone by prettyplease, in a
                    // type of its own that is cut away again.
                    None if level == 0 => {
                        let member = back(member.to_vec());
                        out.push_str(&inside(quote::quote!(#kind S { #member }), 1)?);
                    }
                    None => return None,
                }
            }
            line(out, level, "}")?;
        }
        return Some(rest);
    }
    if is_ident(first, "type") || is_ident(first, "const") || is_ident(first, "static") {
        if body.is_some() {
            return None;
        }
        let equals = head.iter().position(|tok| is_punct(tok, '='))?;
        let mut text = flat_line(&head[..equals], Ctx::Type, " = ")?;
        let value = if is_ident(first, "type") { Ctx::Type } else { Ctx::Expr };
        let start = text.clone();
        flat(&head[equals + 1..], value, &mut text)?;
        text.push(';');
        if fits(level, &text) {
            line(out, level, &text)?;
        } else {
            broken(&start, &head[equals + 1..], value, ";", level, out)?;
        }
        return Some(rest);
    }
    if is_ident(first, "impl") {
        let members = body?;
        impl_head(head, members.is_empty(), level, out)?;
        if !members.is_empty() {
            let mut inner = members;
            while !inner.is_empty() {
                let mut text = String::new();
                inner = match item(inner, level + INDENT, &mut text) {
                    Some(next) => {
                        out.push_str(&text);
                        next
                    }
                    // A member of a top-level impl: printed alone by prettyplease, in an impl of
                    // its own that is cut away again.
                    None if level == 0 => {
                        let end = member_end(inner)?;
                        let member = back(inner[..end].to_vec());
                        out.push_str(&inside(quote::quote!(impl S { #member }), 1)?);
                        &inner[end..]
                    }
                    None => return None,
                };
            }
            line(out, level, "}")?;
        }
        return Some(rest);
    }
    if words.iter().take_while(|tok| !matches!(tok, Tok::Group(..))).any(|tok| is_ident(tok, "fn")) {
        let statements = body?;
        if head.iter().any(|tok| is_ident(tok, "where")) {
            return None;
        }
        let open = if statements.is_empty() { " {}" } else { " {" };
        let text = flat_line(head, Ctx::Type, open)?;
        if fits(level, &text) {
            line(out, level, &text)?;
        } else {
            // The parameters one per line: `fn name(\n    a: A,\n) -> R {`.
            let args = head.iter().position(|tok| matches!(tok, Tok::Group(Delimiter::Parenthesis, ..)))?;
            let Tok::Group(_, _, params) = &head[args] else { return None };
            list(&flat_line(&head[..args], Ctx::Type, "(")?, params, Ctx::Type, level, out)?;
            line(out, level, &flat_line(&head[args + 1..], Ctx::Type, open).map(|rest| format!("){rest}"))?)?;
        }
        if !statements.is_empty() {
            block(statements, level + INDENT, out)?;
            line(out, level, "}")?;
        }
        return Some(rest);
    }
    // A macro called as an item with plain arguments: `path!(A, B);`.
    if body.is_none() {
        if let [path @ .., Tok::Punct(bang), Tok::Group(Delimiter::Parenthesis, _, args)] = head {
            let plain = args.iter().all(|tok| matches!(tok, Tok::Ident(_)) || is_punct(tok, ','));
            if bang.as_char() == '!' && plain && !args.last().is_some_and(|tok| is_punct(tok, ',')) {
                let mut text = String::new();
                flat(path, Ctx::Type, &mut text)?;
                text.push_str("!(");
                flat(args, Ctx::Type, &mut text)?;
                text.push_str(");");
                line(out, level, &text)?;
                return Some(rest);
            }
        }
    }
    None
}

/// Where the impl member at the start of `toks` ends: after the `;` of a constant or type, or
/// after the body of a function.
fn member_end(toks: &[Tok]) -> Option<usize> {
    let mut start = 0;
    while is_punct(toks.get(start)?, '#') {
        start += 2;
    }
    let words = &toks[start..];
    let declaration = words.iter().take(2).any(|tok| is_ident(tok, "const") || is_ident(tok, "type"));
    let end = if declaration {
        words.iter().position(|tok| is_punct(tok, ';'))?
    } else {
        words.iter().position(|tok| is_punct(tok, ';') || is_brace(tok))?
    };
    Some(start + end + 1)
}

/// A field of a struct or a variant of an enum, with its attributes, at `level`.
fn field(member: &[Tok], level: usize, out: &mut String) -> Option<()> {
    let member = attributes(member, level, out)?;
    // A struct variant's braces would need their own layout.
    if member.iter().any(is_brace) || member.is_empty() {
        return None;
    }
    line(out, level, &flat_line(member, Ctx::Type, ",")?)
}

/// `impl<generics> Trait for Type {`: the generics right after `impl`, then a space.
fn impl_head(head: &[Tok], empty: bool, level: usize, out: &mut String) -> Option<()> {
    if head.iter().any(|tok| is_ident(tok, "where")) {
        return None;
    }
    let mut text = String::from("impl");
    let mut rest = &head[1..];
    if rest.first().is_some_and(|tok| is_punct(tok, '<')) {
        let mut depth = 0usize;
        let close = rest.iter().position(|tok| {
            match tok {
                Tok::Punct(p) if p.as_char() == '<' => depth += 1,
                Tok::Punct(p) if p.as_char() == '>' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0
        })?;
        flat(&rest[..=close], Ctx::Type, &mut text)?;
        rest = &rest[close + 1..];
    }
    text.push(' ');
    flat(rest, Ctx::Type, &mut text)?;
    text.push_str(if empty { " {}" } else { " {" });
    line(out, level, &text)
}

/// The outer attributes at the start of `toks`, printed at `level`; returns what follows.
fn attributes<'a>(mut toks: &'a [Tok], level: usize, out: &mut String) -> Option<&'a [Tok]> {
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

/// The value of a string literal as proc-macro2 writes it, for the escapes it writes.
fn string_value(literal: &Literal) -> Option<String> {
    let text = literal.to_string();
    // `///` comments in `quote!` become raw strings, taken as written.
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let raw = raw[hashes..].strip_prefix('"')?;
        return Some(raw.get(..raw.len().checked_sub(hashes + 1)?)?.to_owned());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next()? {
            'n' => value.push('\n'),
            'r' => value.push('\r'),
            't' => value.push('\t'),
            '0' => value.push('\0'),
            '\\' => value.push('\\'),
            '"' => value.push('"'),
            '\'' => value.push('\''),
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let end = rest.find('}')?;
                value.push(char::from_u32(u32::from_str_radix(&rest[..end], 16).ok()?)?);
                chars = rest[end + 1..].chars();
            }
            _ => return None,
        }
    }
    Some(value)
}

/// `toks` split at the `separator`s outside groups and generics (a trailing one makes no empty
/// part).
fn split(toks: &[Tok], separator: char) -> Vec<&[Tok]> {
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

/// The statements of a function body or an `if` block, at `level`.
fn block(toks: &[Tok], level: usize, out: &mut String) -> Option<()> {
    let mut rest = toks;
    while !rest.is_empty() {
        let end = statement_end(rest)?;
        let mut text = String::new();
        match statement(&rest[..end], level, &mut text) {
            Some(()) => out.push_str(&text),
            // A statement of a function at the top level or in an impl there: printed alone by
            // prettyplease, in a function (and an impl) of its own that is cut away again.
            None if level == INDENT || level == 2 * INDENT => {
                let statement = back(rest[..end].to_vec());
                let wrapped = if level == INDENT {
                    quote::quote!(fn f() { #statement })
                } else {
                    quote::quote!(impl S { fn f() { #statement } })
                };
                out.push_str(&inside(wrapped, level / INDENT)?);
            }
            None => return None,
        }
        rest = &rest[end..];
    }
    Some(())
}

/// The text prettyplease prints for `tokens` without its first and last `depth` lines (the
/// wrappers around what is wanted).
fn inside(tokens: TokenStream, depth: usize) -> Option<String> {
    let file: syn::File = syn::parse2(tokens).ok()?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let kept = lines.get(depth..lines.len().checked_sub(depth)?)?;
    Some(kept.iter().flat_map(|line| [*line, "\n"]).collect())
}

/// Where the statement at the start of `toks` ends: after its `;`, or after the block of an
/// `if`, `match` or loop (and its `else` blocks, and a `;` after them).
fn statement_end(toks: &[Tok]) -> Option<usize> {
    let first = toks.first()?;
    let block_like = ["if", "match", "for", "while", "loop", "unsafe"].iter().any(|word| is_ident(first, word));
    if !block_like {
        return Some(toks.iter().position(|tok| is_punct(tok, ';')).map_or(toks.len(), |end| end + 1));
    }
    let mut end = toks.iter().position(is_brace)? + 1;
    while toks.get(end).is_some_and(|tok| is_ident(tok, "else")) {
        end += toks[end..].iter().position(is_brace)? + 1;
    }
    if toks.get(end).is_some_and(|tok| is_punct(tok, ';')) {
        end += 1;
    }
    Some(end)
}

/// One statement (as [`statement_end`] delimits it) at `level`.
fn statement(toks: &[Tok], level: usize, out: &mut String) -> Option<()> {
    let first = toks.first()?;
    if is_ident(first, "if") || is_ident(first, "match") {
        let open = toks.iter().position(is_brace)?;
        let Tok::Group(_, _, body) = &toks[open] else { return None };
        if body.is_empty() || open + 1 != toks.len() {
            return None;
        }
        line(out, level, &flat_line(&toks[..open], Ctx::Expr, " {")?)?;
        if is_ident(first, "if") {
            block(body, level + INDENT, out)?;
        } else {
            match_arms(body, level + INDENT, out)?;
        }
        return line(out, level, "}");
    }
    if ["for", "while", "loop", "unsafe"].iter().any(|word| is_ident(first, word)) || is_punct(first, '#') {
        return None;
    }
    let (statement, end) = match toks.split_last() {
        Some((last, statement)) if is_punct(last, ';') => (statement, ";"),
        _ => (toks, ""),
    };
    // A statement that is not flat (too long, or a wide struct literal) may be a call or a
    // literal broken one element per line.
    match flat_line(statement, Ctx::Expr, end) {
        Some(text) if fits(level, &text) => line(out, level, &text),
        _ if !is_ident(statement.first()?, "let") => broken("", statement, Ctx::Expr, end, level, out),
        _ => None,
    }
}

/// A statement or value too long for a line that ends with a call of a path
/// (`runtime::check(\n    a,\n    b,\n)?;`) or an array after `&`: its elements one per line,
/// as prettyplease breaks it. `start` is written before the tokens on the first line.
fn broken(start: &str, toks: &[Tok], ctx: Ctx, end: &str, level: usize, out: &mut String) -> Option<()> {
    let last = toks.iter().rposition(|tok| !is_punct(tok, '?'))?;
    let Tok::Group(delimiter, _, elements) = &toks[last] else { return None };
    let (prefix, questions) = (&toks[..last], toks.len() - last - 1);
    let (open, close) = match delimiter {
        Delimiter::Parenthesis => {
            let path = prefix.iter().all(|tok| matches!(tok, Tok::Ident(_)) || is_punct(tok, ':'));
            if !path
                || !matches!(prefix.last(), Some(Tok::Ident(_)))
                || (ctx == Ctx::Expr && block_like_argument(elements))
            {
                return None;
            }
            ("(", ")")
        }
        Delimiter::Bracket if prefix.len() == 1 && is_punct(&prefix[0], '&') => ("[", "]"),
        // A struct literal: `Name {\n    field: value,\n}`.
        Delimiter::Brace
            if ctx == Ctx::Expr
                && questions == 0
                && !prefix.is_empty()
                && prefix.iter().all(|tok| matches!(tok, Tok::Ident(_)) || is_punct(tok, ':'))
                && !elements.iter().any(|tok| is_punct(tok, '.')) =>
        {
            (" {", "}")
        }
        _ => return None,
    };
    let mut first = start.to_owned();
    flat(prefix, ctx, &mut first)?;
    first.push_str(open);
    list(&first, elements, ctx, level, out)?;
    line(out, level, &format!("{close}{}{end}", "?".repeat(questions)))
}

/// Whether call arguments are one argument that prettyplease writes right after the `(`,
/// unbroken (a struct literal, array, tuple, block or closure): another layout than one argument
/// per line.
fn block_like_argument(arguments: &[Tok]) -> bool {
    let arguments = match arguments.split_last() {
        Some((last, rest)) if is_punct(last, ',') => rest,
        _ => arguments,
    };
    if arguments.is_empty() || split(arguments, ',').len() != 1 {
        return false;
    }
    match arguments {
        [Tok::Group(Delimiter::Bracket | Delimiter::Parenthesis | Delimiter::Brace, ..)] => true,
        [.., Tok::Group(Delimiter::Brace, ..)] => true,
        [first, ..] => is_punct(first, '|') || is_ident(first, "move") || is_ident(first, "async"),
        [] => false,
    }
}

/// `first` (ending with an opening delimiter) as a line, then each element of `elements` on a
/// line of its own one level in, with a comma.
fn list(first: &str, elements: &[Tok], ctx: Ctx, level: usize, out: &mut String) -> Option<()> {
    line(out, level, first)?;
    for element in split(elements, ',') {
        line(out, level + INDENT, &flat_line(element, ctx, ",")?)?;
    }
    Some(())
}

fn fits(level: usize, text: &str) -> bool {
    level + text.len() <= MARGIN
}

/// The arms of a `match`, each `pattern => expression,` on one line.
fn match_arms(toks: &[Tok], level: usize, out: &mut String) -> Option<()> {
    let mut rest = toks;
    while !rest.is_empty() {
        let arrow = rest.windows(2).position(|pair| {
            matches!(&pair[0], Tok::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Joint)
                && is_punct(&pair[1], '>')
        })?;
        let pattern = &rest[..arrow];
        let after = &rest[arrow + 2..];
        if after.first().is_some_and(is_brace) {
            return None;
        }
        let end = after.iter().position(|tok| is_punct(tok, ',')).unwrap_or(after.len());
        let mut text = String::new();
        for (index, alternative) in pattern.split(|tok| is_punct(tok, '|')).enumerate() {
            if index > 0 {
                text.push_str(" | ");
            }
            flat(alternative, Ctx::Expr, &mut text)?;
        }
        text.push_str(" => ");
        flat(&after[..end], Ctx::Expr, &mut text)?;
        text.push(',');
        line(out, level, &text)?;
        rest = after.get(end + 1..).unwrap_or(&[]);
    }
    Some(())
}

/// `toks` on one line followed by `end`.
fn flat_line(toks: &[Tok], ctx: Ctx, end: &str) -> Option<String> {
    let mut text = String::new();
    flat(toks, ctx, &mut text)?;
    text.push_str(end);
    Some(text)
}

/// Where tokens are: in a type (`<` opens generics) or an expression (only after `::`).
#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Type,
    Expr,
}

/// What was written last, which decides the space before the next token.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    Start,
    /// `(`, `[` or a generic `<`.
    Open,
    /// An identifier that is not a keyword (a call or a generic may follow).
    Ident,
    /// A literal, a closing delimiter, `?`.
    Value,
    /// A generic `>`.
    GenericClose,
    Keyword,
    /// A binary operator, `,`, `:`, `;`.
    Operator,
    /// A prefix operator (`&`, `*`, `!`, `-`, `..`).
    Unary,
    PathSep,
    Dot,
    Lifetime,
}

const KEYWORDS: &[&str] = &[
    "as", "async", "break", "const", "continue", "dyn", "else", "enum", "extern", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "type",
    "unsafe", "use", "where", "while",
];

struct Flat<'o> {
    out: &'o mut String,
    prev: Prev,
    angles: usize,
    ctx: Ctx,
}

/// Appends `toks` on one line as prettyplease writes them when nothing is broken.
fn flat(toks: &[Tok], ctx: Ctx, out: &mut String) -> Option<()> {
    let mut printer = Flat { out, prev: Prev::Start, angles: 0, ctx };
    printer.sequence(toks)?;
    (printer.angles == 0).then_some(())
}

impl Flat<'_> {
    fn space_unless(&mut self, none: &[Prev]) {
        if !none.contains(&self.prev) {
            self.out.push(' ');
        }
    }

    fn value_ended(&self) -> bool {
        matches!(self.prev, Prev::Ident | Prev::Value | Prev::GenericClose)
    }

    fn sequence(&mut self, toks: &[Tok]) -> Option<()> {
        let mut index = 0;
        while index < toks.len() {
            index += match &toks[index] {
                Tok::Ident(ident) => {
                    // An expression with blocks (`match`, `if`, a closure's `move`) inside a line
                    // has layouts of its own: only a statement's own `if let` is taken.
                    let blocks = ["match", "if", "else", "while", "for", "loop", "unsafe", "async", "move"];
                    if self.ctx == Ctx::Expr
                        && self.prev != Prev::Start
                        && (blocks.iter().any(|word| ident == word) || (ident == "let" && self.prev != Prev::Keyword))
                    {
                        return None;
                    }
                    self.space_unless(&[Prev::Start, Prev::Open, Prev::Unary, Prev::PathSep, Prev::Dot]);
                    write!(self.out, "{ident}").ok()?;
                    let keyword = KEYWORDS.iter().any(|word| ident == word);
                    self.prev = if keyword { Prev::Keyword } else { Prev::Ident };
                    1
                }
                Tok::Literal(literal) => {
                    self.space_unless(&[Prev::Start, Prev::Open, Prev::Unary]);
                    write!(self.out, "{literal}").ok()?;
                    self.prev = Prev::Value;
                    1
                }
                Tok::Group(delimiter, _, inner) => {
                    self.group(*delimiter, inner)?;
                    1
                }
                Tok::Punct(_) => self.punct(toks, index)?,
            };
        }
        Some(())
    }

    fn group(&mut self, delimiter: Delimiter, inner: &[Tok]) -> Option<()> {
        let callable = self.value_ended();
        let trailing = inner.last().is_some_and(|tok| is_punct(tok, ','));
        let inner_toks = if trailing { &inner[..inner.len() - 1] } else { inner };
        let (open, close) = match delimiter {
            Delimiter::Parenthesis => {
                // `(x,)` is a one-element tuple: its comma stays, and its layout is not known here.
                if trailing && !callable && !inner_toks.iter().any(|tok| is_punct(tok, ',')) {
                    return None;
                }
                ("(", ")")
            }
            Delimiter::Bracket => ("[", "]"),
            Delimiter::Brace => {
                // Only a struct literal: `Name { a, b: c }`.
                if self.ctx != Ctx::Expr || !matches!(self.prev, Prev::Ident | Prev::GenericClose) {
                    return None;
                }
                // prettyplease breaks a literal wider than 34 columns up to its `}`.
                let start = self.out.rfind([' ', '(', '[']).map_or(0, |at| at + 1);
                self.out.push_str(if inner_toks.is_empty() { " {" } else { " { " });
                self.nested(inner_toks)?;
                self.out.push_str(if inner_toks.is_empty() { "}" } else { " }" });
                if self.out.len() - start > 35 {
                    return None;
                }
                self.prev = Prev::Value;
                return Some(());
            }
            Delimiter::None => return None,
        };
        if self.prev == Prev::Unary && self.out.ends_with('!') {
            return None;
        }
        self.space_unless(&[Prev::Start, Prev::Open, Prev::Unary, Prev::Ident, Prev::Value, Prev::GenericClose]);
        self.out.push_str(open);
        self.nested(inner_toks)?;
        self.out.push_str(close);
        self.prev = Prev::Value;
        Some(())
    }

    fn nested(&mut self, inner: &[Tok]) -> Option<()> {
        let angles = std::mem::replace(&mut self.angles, 0);
        self.prev = Prev::Open;
        self.sequence(inner)?;
        if self.angles != 0 {
            return None;
        }
        self.angles = angles;
        Some(())
    }

    /// One operator starting at `toks[index]`; returns how many tokens it took.
    fn punct(&mut self, toks: &[Tok], index: usize) -> Option<usize> {
        let Tok::Punct(punct) = &toks[index] else { return None };
        let c = punct.as_char();
        let joint = punct.spacing() == Spacing::Joint;
        let next = match toks.get(index + 1) {
            Some(Tok::Punct(next)) => Some(next.as_char()),
            _ => None,
        };
        let then = |c: char| joint && next == Some(c);
        let binary = |printer: &mut Self, op: &str, length: usize| {
            printer.out.push(' ');
            printer.out.push_str(op);
            printer.prev = Prev::Operator;
            Some(length)
        };
        match c {
            ':' if then(':') => {
                self.space_unless(&[
                    Prev::Start,
                    Prev::Open,
                    Prev::Unary,
                    Prev::Ident,
                    Prev::GenericClose,
                    Prev::PathSep,
                ]);
                self.out.push_str("::");
                self.prev = Prev::PathSep;
                Some(2)
            }
            ':' | ',' | ';' => {
                self.out.push(c);
                self.prev = Prev::Operator;
                Some(1)
            }
            '.' if then('.') => {
                let inclusive = matches!(toks.get(index + 1), Some(Tok::Punct(second)) if second.spacing() == Spacing::Joint)
                    && matches!(toks.get(index + 2), Some(Tok::Punct(third)) if third.as_char() == '=');
                if matches!(self.prev, Prev::Operator | Prev::Keyword) {
                    self.out.push(' ');
                }
                self.out.push_str(if inclusive { "..=" } else { ".." });
                self.prev = Prev::Unary;
                Some(if inclusive { 3 } else { 2 })
            }
            '.' => {
                self.out.push('.');
                self.prev = Prev::Dot;
                Some(1)
            }
            '?' => {
                self.out.push('?');
                self.prev = Prev::Value;
                Some(1)
            }
            '\'' => {
                let Some(Tok::Ident(name)) = toks.get(index + 1) else { return None };
                self.space_unless(&[Prev::Start, Prev::Open, Prev::Unary]);
                write!(self.out, "'{name}").ok()?;
                self.prev = Prev::Lifetime;
                Some(2)
            }
            '<' => {
                if self.ctx == Ctx::Expr && self.prev != Prev::PathSep || then('=') {
                    return None;
                }
                self.out.push('<');
                self.angles += 1;
                self.prev = Prev::Open;
                Some(1)
            }
            '>' => {
                if self.angles == 0 || then('=') {
                    return None;
                }
                self.angles -= 1;
                self.out.push('>');
                self.prev = Prev::GenericClose;
                Some(1)
            }
            '-' if then('>') => binary(self, "->", 2),
            '=' if then('>') => binary(self, "=>", 2),
            '=' if then('=') => binary(self, "==", 2),
            '!' if then('=') => binary(self, "!=", 2),
            '&' if then('&') => binary(self, "&&", 2),
            '+' if then('=') => binary(self, "+=", 2),
            '=' | '+' if self.value_ended() || c == '=' => binary(self, &c.to_string(), 1),
            '!' if self.prev == Prev::Ident => {
                // A macro call: its tokens are printed by other rules.
                None
            }
            '&' | '*' | '-' | '!' if !self.value_ended() => {
                if matches!(self.prev, Prev::Operator | Prev::Keyword | Prev::Lifetime) {
                    self.out.push(' ');
                }
                self.out.push(c);
                self.prev = Prev::Unary;
                Some(1)
            }
            '&' | '*' | '-' => binary(self, &c.to_string(), 1),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{back, items, own};

    /// Prints `tokens` with the plain printer, which must take them, and with prettyplease.
    fn both(tokens: proc_macro2::TokenStream) -> (String, String) {
        let toks = own(tokens);
        let Some(plain) = items(&toks) else { panic!("the plain printer refused a plain item") };
        let file: syn::File = syn::parse2(back(toks)).expect("tokens parse");
        (plain, prettyplease::unparse(&file))
    }

    #[test]
    fn prints_plain_items_as_prettyplease_does() {
        let cases = [
            quote! {
                /// A model.
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                pub struct File {
                    /// When it was made.
                    pub created: i64,
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub metadata: Option<indexmap::IndexMap<String, String>>,
                }
                pub type Other = File;
                pub enum Shape { Circle, Square(f64) }
            },
            quote! {
                impl Get {
                    const STYLES: &'static [(&'static str, runtime::FormStyle)] = &[("a", runtime::FormStyle::DeepObject), ("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", runtime::FormStyle::DeepObject)];
                    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
                        Self { id: id.into(), name: name.into(), limit: None }
                    }
                    pub fn limit(mut self, limit: i64) -> Self {
                        self.limit = Some(limit);
                        self
                    }
                }
                impl runtime::Validate for File {
                    fn validate(&self, path: &str) -> Result<(), runtime::Error> {
                        if let Some(value) = &self.filename {
                            runtime::validate::max_length(&[path, ".a_rather_long_member_name"].concat(), value, 5000)?;
                        }
                        match self.kind { Kind::A | Kind::B => Ok(()), _ => Err(runtime::Error::custom("kind")) }
                    }
                }
                runtime::string_enum!(Purpose, Other);
            },
        ];
        for case in cases {
            let (plain, expected) = both(case);
            assert_eq!(plain, expected);
        }
    }

    /// What it cannot print itself it leaves to prettyplease: a whole item, or one statement or
    /// member of a top-level item, printed alone and put in its place.
    #[test]
    fn leaves_the_rest_to_prettyplease() {
        assert!(
            items(&own(quote!(
                use std::fmt;
            )))
            .is_none()
        );
        assert!(
            items(&own(quote!(
                const X: u8 = vec![1][0];
            )))
            .is_none()
        );
        for case in [
            quote!(
                fn f() {
                    let x = |a| a + 1;
                    g(x);
                }
            ),
            quote!(
                fn f() {
                    if a < b {
                        g();
                    }
                }
            ),
            quote!(
                fn f() {
                    for x in y {
                        g(x);
                    }
                    h();
                }
            ),
            quote!(impl S { fn f() { let x = |a| a + 1; } fn g(&self) -> u8 { 1 } }),
            quote!(impl S { fn f() { if a < b { g(); } } const X: u8 = vec![1][0]; }),
            quote!(
                fn f() {
                    let x = match y {
                        A => 1,
                        B => 2,
                    };
                    g(x);
                    h(if a { b } else { c });
                }
            ),
            quote!(
                fn f() {
                    g(Foo { aaaaaaaaaa: 1, bbbbbbbbbbbbbbbbbbbbbbbbbbbb: 2, ccccccccccccccccccccccc: 3, d: 4 });
                }
            ),
            quote!(
                fn f() {
                    runtime::check(&[
                        aaaaaaaaaaaaaaaaaaaaaaaaaaa,
                        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,
                        ccccccccccccccccccccc,
                    ]);
                }
            ),
            quote! {
                pub struct Page {
                    pub short: Option<String>,
                    pub hosted_confirmation: Option<PaymentLinksResourceCompletionBehaviorConfirmationPage>,
                }
                pub enum Body {
                    Short(String),
                    PostInvoicesRequestPaymentSettingsPaymentMethodTypesListItemList(Vec<InvoicesPaymentSettings>),
                }
            },
        ] {
            let (plain, expected) = both(case);
            assert_eq!(plain, expected);
        }
    }
}
