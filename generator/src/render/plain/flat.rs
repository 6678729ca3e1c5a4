//! One line of tokens, spaced as prettyplease spaces them when it breaks nothing.

use std::fmt::Write;

use proc_macro2::{Delimiter, Spacing};

use super::tokens::{Tok, is_punct};

/// `toks` on one line followed by `end`.
pub(super) fn flat_line(toks: &[Tok], ctx: Ctx, end: &str) -> Option<String> {
    let mut text = String::new();
    flat(toks, ctx, &mut text)?;
    text.push_str(end);
    Some(text)
}

/// Where tokens are: in a type (`<` opens generics) or an expression (only after `::`).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Ctx {
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
pub(super) fn flat(toks: &[Tok], ctx: Ctx, out: &mut String) -> Option<()> {
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
                    let before = self.out.len();
                    self.space_unless(&[Prev::Start, Prev::Open, Prev::Unary, Prev::PathSep, Prev::Dot]);
                    let at = self.out.len();
                    write!(self.out, "{ident}").ok()?;
                    // The word as written, read once (comparing an `Ident` reads it each time).
                    let word = &self.out[at..];
                    // An expression with blocks (`match`, `if`, a closure's `move`) inside a line
                    // has layouts of its own: only a statement's own `if let` is taken.
                    let block = matches!(
                        word,
                        "match" | "if" | "else" | "while" | "for" | "loop" | "unsafe" | "async" | "move"
                    ) || (word == "let" && self.prev != Prev::Keyword);
                    if self.ctx == Ctx::Expr && self.prev != Prev::Start && block {
                        self.out.truncate(before);
                        return None;
                    }
                    self.prev = if KEYWORDS.contains(&word) { Prev::Keyword } else { Prev::Ident };
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
