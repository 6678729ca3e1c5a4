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

use proc_macro2::{Delimiter, Spacing, TokenStream};

/// prettyplease's margin: a line that does not fit is broken where its syntax allows.
const MARGIN: usize = 89;
const INDENT: usize = 4;

mod attributes;
mod flat;
mod tokens;

pub use attributes::inner_attributes;
pub use tokens::{Tok, back, own, split_file};

use attributes::attributes;

use flat::{Ctx, flat, flat_line};
use tokens::{is_brace, is_ident, is_punct, split};

/// The text of `toks`, one or more items, or `None` when some part is not plain.
pub fn items(toks: &[Tok]) -> Option<String> {
    let mut out = String::new();
    let mut rest = toks;
    while !rest.is_empty() {
        rest = item(rest, 0, &mut out)?;
    }
    Some(out)
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n(' ', level));
}

/// Appends `text` as a line at `level`, if prettyplease would keep it on one line.
fn line(out: &mut String, level: usize, text: &str) -> Option<()> {
    if level + text.len() > MARGIN {
        return None;
    }
    put(out, level, text);
    Some(())
}

/// Appends `text` as a line at `level`, however long.
fn put(out: &mut String, level: usize, text: &str) {
    indent(out, level);
    out.push_str(text);
    out.push('\n');
}

/// One item (with its outer attributes) at `level`; returns what follows it.
fn item<'a>(toks: &'a [Tok], level: usize, out: &mut String) -> Option<&'a [Tok]> {
    let toks = attributes(toks, level, out)?;
    let end = end_of(toks)?;
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
    if is_ident(first, "use") {
        let visibility = if words.len() != head.len() { "pub " } else { "" };
        let mut text = format!("{visibility}use ");
        use_tree(&words[1..], &mut text)?;
        text.push(';');
        if fits(level, &text) {
            put(out, level, &text);
        } else {
            // A list of names too long for a line: the names fill the lines between its braces.
            let [path @ .., Tok::Group(Delimiter::Brace, _, names)] = &words[1..] else { return None };
            let mut first = format!("{visibility}use ");
            use_tree(path, &mut first)?;
            first.push('{');
            line(out, level, &first)?;
            let names = split(names, ',');
            let mut current = String::new();
            for (index, name) in names.iter().enumerate() {
                let mut text = String::new();
                use_tree_in(name, true, &mut text)?;
                text.push(',');
                // The comma after the last name is there because the list is broken: it is
                // not counted against the margin.
                let width = text.len() - usize::from(index + 1 == names.len());
                if !current.is_empty() && !fits(level + INDENT, &format!("{current} {}", &text[..width])) {
                    line(out, level + INDENT, &current)?;
                    current.clear();
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&text);
            }
            line(out, level + INDENT, &current)?;
            line(out, level, "};")?;
        }
        return Some(rest);
    }
    if is_ident(first, "mod") && body.is_none() {
        return line(out, level, &flat_line(head, Ctx::Type, ";")?).map(|()| rest);
    }
    if is_ident(first, "type") || is_ident(first, "const") || is_ident(first, "static") {
        if body.is_some() {
            return None;
        }
        let equals = head.iter().position(|tok| is_punct(tok, '='))?;
        let mut text = flat_line(&head[..equals], Ctx::Type, " = ")?;
        let value = if is_ident(first, "type") { Ctx::Type } else { Ctx::Expr };
        let start = text.clone();
        // A value that is not flat (too long, or a wide struct literal) may be broken.
        let flat = flat(&head[equals + 1..], value, &mut text).map(|()| text + ";");
        match flat {
            Some(text) if fits(level, &text) => line(out, level, &text)?,
            _ => {
                let mut text = String::new();
                if broken(&start, &head[equals + 1..], value, ";", level, &mut text).is_some() {
                    out.push_str(&text);
                } else if fits(level, &start) {
                    literal_past_margin(&start, &head[equals + 1..], value, level, out)?;
                } else {
                    broken_generics(&head[..equals], &head[equals + 1..], value, level, out)?;
                }
            }
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

/// A use tree on one line as prettyplease prints it: `a::b::{C, D as E, self}`, `a::*` (a
/// group in a group is broken by prettyplease: refused).
fn use_tree(toks: &[Tok], out: &mut String) -> Option<()> {
    use_tree_in(toks, false, out)
}

fn use_tree_in(toks: &[Tok], grouped: bool, out: &mut String) -> Option<()> {
    for (index, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Ident(ident) if is_ident(tok, "as") => write!(out, " {ident} ").ok()?,
            Tok::Ident(ident) => write!(out, "{ident}").ok()?,
            Tok::Punct(p) if p.as_char() == ':' || p.as_char() == '*' => out.push(p.as_char()),
            Tok::Punct(p) if p.as_char() == ',' => {
                if index + 1 < toks.len() {
                    out.push_str(", ");
                }
            }
            Tok::Group(Delimiter::Brace, _, inner) if !grouped => {
                // One name between braces is written without them.
                let one = split(inner, ',').len() == 1;
                if one && inner.first().is_some_and(|tok| is_ident(tok, "self")) {
                    return None;
                }
                out.push_str(if one { "" } else { "{" });
                use_tree_in(inner, true, out)?;
                out.push_str(if one { "" } else { "}" });
            }
            _ => return None,
        }
    }
    Some(())
}

/// A constant too long up to its `=`, as prettyplease writes it: its type's generic arguments
/// one per line (`const NAME: Type<\n    Argument,\n> = Value {`). The caller has checked the
/// length.
fn broken_generics(declaration: &[Tok], value: &[Tok], ctx: Ctx, level: usize, out: &mut String) -> Option<()> {
    let colon = declaration.iter().position(|tok| is_punct(tok, ':'))?;
    let open = declaration.iter().position(|tok| is_punct(tok, '<'))?;
    let (last, arguments) = declaration[open + 1..].split_last()?;
    if colon > open || !is_punct(last, '>') || arguments.iter().any(|tok| is_punct(tok, '<') || is_punct(tok, '>')) {
        return None;
    }
    line(out, level, &flat_line(&declaration[..open], Ctx::Type, "<")?)?;
    for argument in split(arguments, ',') {
        line(out, level + INDENT, &flat_line(argument, Ctx::Type, ",")?)?;
    }
    broken("> = ", value, ctx, ";", level, out)
}

/// A constant whose declaration fits but whose `= Value {` does not: prettyplease does not break
/// between a declaration's `=` and a struct literal, so the line runs past the margin.
fn literal_past_margin(start: &str, value: &[Tok], ctx: Ctx, level: usize, out: &mut String) -> Option<()> {
    let [prefix @ .., Tok::Group(Delimiter::Brace, _, fields)] = value else { return None };
    if ctx != Ctx::Expr || !struct_literal(prefix, fields) {
        return None;
    }
    let mut first = start.to_owned();
    flat(prefix, ctx, &mut first)?;
    first.push_str(" {");
    put(out, level, &first);
    elements(fields, ctx, level, out)?;
    line(out, level, "};")
}

/// Where the impl member at the start of `toks` ends: after the `;` of a constant or type, or
/// after the body of a function.
fn member_end(toks: &[Tok]) -> Option<usize> {
    let mut start = 0;
    while is_punct(toks.get(start)?, '#') {
        start += 2;
    }
    Some(start + end_of(&toks[start..])? + 1)
}

/// The token that ends the item `words` (attributes stripped) starts with: the `;` of a
/// declaration (its value or use tree may hold braces), else the first `;` or body.
fn end_of(words: &[Tok]) -> Option<usize> {
    let declaration =
        words.iter().take(2).any(|tok| ["const", "static", "type", "use"].iter().any(|word| is_ident(tok, word)));
    if declaration {
        words.iter().position(|tok| is_punct(tok, ';'))
    } else {
        words.iter().position(|tok| is_punct(tok, ';') || is_brace(tok))
    }
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
    let mut text = String::new();
    super::render_items(tokens, &mut text).ok()?;
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
        _ => match assignment(statement) {
            // `let name = value;` or `place = value;`: the value broken after the `=`.
            Some(equals) => {
                let start = flat_line(&statement[..equals], Ctx::Expr, " = ")?;
                broken(&start, &statement[equals + 1..], Ctx::Expr, end, level, out)
            }
            None if !is_ident(statement.first()?, "let") => broken("", statement, Ctx::Expr, end, level, out),
            None => None,
        },
    }
}

/// Where the `=` of an assignment or a `let` with a value is, outside groups (not the `=` of
/// `==`, `<=`, `+=` or `=>`).
fn assignment(toks: &[Tok]) -> Option<usize> {
    toks.iter().enumerate().position(|(index, tok)| {
        let Tok::Punct(punct) = tok else { return false };
        let joined_before = index > 0 && matches!(&toks[index - 1], Tok::Punct(p) if p.spacing() == Spacing::Joint);
        punct.as_char() == '=' && punct.spacing() == Spacing::Alone && !joined_before
    })
}

/// A statement or value too long for a line that ends with a call of a path
/// (`runtime::check(\n    a,\n    b,\n)?;`) or an array after `&`: its elements one per line,
/// as prettyplease breaks it. `start` is written before the tokens on the first line.
fn broken(start: &str, toks: &[Tok], ctx: Ctx, end: &str, level: usize, out: &mut String) -> Option<()> {
    if let [Tok::Literal(literal)] = toks {
        // A literal has nowhere to break: it runs past the margin, as prettyplease lets it.
        put(out, level, &format!("{start}{literal}{end}"));
        return Some(());
    }
    let last = toks.iter().rposition(|tok| !is_punct(tok, '?'))?;
    let Tok::Group(delimiter, _, elements) = &toks[last] else { return None };
    let (prefix, questions) = (&toks[..last], toks.len() - last - 1);
    let (open, close) = match delimiter {
        Delimiter::Parenthesis => {
            let path = prefix.iter().all(|tok| matches!(tok, Tok::Ident(_)) || is_punct(tok, ':'));
            // A method of `self` as a function's value (`self.credential(`): prettyplease
            // breaks other method calls before their `.`.
            let method = matches!(prefix, [receiver, dot, Tok::Ident(_)] if is_ident(receiver, "self") && is_punct(dot, '.'))
                && start.is_empty()
                && end.is_empty()
                && questions == 0;
            if !(path || method) || !matches!(prefix.last(), Some(Tok::Ident(_))) {
                return None;
            }
            if ctx == Ctx::Expr && block_like_argument(elements) {
                // One struct literal argument is written right after the `(`, and broken
                // itself: `Some(Name {\n    field: value,\n})`.
                let argument = match elements.split_last() {
                    Some((last, rest)) if is_punct(last, ',') => rest,
                    _ => elements,
                };
                if !matches!(argument.last(), Some(Tok::Group(Delimiter::Brace, ..))) {
                    return None;
                }
                let mut first = start.to_owned();
                flat(prefix, ctx, &mut first)?;
                first.push('(');
                return broken(&first, argument, ctx, &format!("){}{end}", "?".repeat(questions)), level, out);
            }
            ("(", ")")
        }
        Delimiter::Bracket if prefix.len() == 1 && is_punct(&prefix[0], '&') => ("[", "]"),
        // A struct literal: `Name {\n    field: value,\n}`.
        Delimiter::Brace if ctx == Ctx::Expr && questions == 0 && struct_literal(prefix, elements) => (" {", "}"),
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

/// Whether `path { fields }` is a struct literal the printer lays out: a plain path, no `..base`.
fn struct_literal(path: &[Tok], fields: &[Tok]) -> bool {
    !path.is_empty()
        && path.iter().all(|tok| matches!(tok, Tok::Ident(_)) || is_punct(tok, ':'))
        && !fields.windows(2).any(|pair| is_punct(&pair[0], '.') && is_punct(&pair[1], '.'))
}

/// `first` (ending with an opening delimiter) as a line, then [`elements`].
fn list(first: &str, toks: &[Tok], ctx: Ctx, level: usize, out: &mut String) -> Option<()> {
    line(out, level, first)?;
    elements(toks, ctx, level, out)
}

/// Each element of `toks` on a line of its own one level in, with a comma.
fn elements(toks: &[Tok], ctx: Ctx, level: usize, out: &mut String) -> Option<()> {
    let elements = split(toks, ',');
    for (index, toks) in elements.iter().enumerate() {
        element(toks, ctx, level + INDENT, index + 1 == elements.len(), out)?;
    }
    Some(())
}

/// One element of a broken list at `level`, with its comma: on one line when it fits, else
/// broken itself (a struct literal's `name: value` after its name).
fn element(toks: &[Tok], ctx: Ctx, level: usize, last: bool, out: &mut String) -> Option<()> {
    if let Some(text) = flat_line(toks, ctx, ",") {
        // The comma after the last element is there because the list is broken: prettyplease
        // does not count it against the margin.
        if fits(level, &text[..text.len() - usize::from(last)]) {
            put(out, level, &text);
            return Some(());
        }
    }
    let (start, value) = match toks {
        [Tok::Ident(name), Tok::Punct(colon), value @ ..]
            if ctx == Ctx::Expr && colon.as_char() == ':' && colon.spacing() == Spacing::Alone =>
        {
            (format!("{name}: "), value)
        }
        _ => (String::new(), toks),
    };
    broken(&start, value, ctx, ",", level, out)
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
        let pattern_end = text.len();
        flat(&after[..end], Ctx::Expr, &mut text)?;
        // The comma is not counted against the margin: prettyplease writes it only when the
        // arm is on one line.
        if fits(level, &text) {
            text.push(',');
            put(out, level, &text);
        } else {
            // An arm too long for a line: its expression alone in a block.
            line(out, level, &format!("{}{{", &text[..pattern_end]))?;
            line(out, level + INDENT, &text[pattern_end..])?;
            line(out, level, "}")?;
        }
        rest = after.get(end + 1..).unwrap_or(&[]);
    }
    Some(())
}

#[cfg(test)]
mod tests;
