//! Paths written as a person writes them. Emitters write absolute paths, so that no name from a
//! description can change what a path means; this pass, run on each API file's tokens before
//! rendering, shortens them wherever that is safe:
//!
//! - prelude paths become the prelude name (`::std::option::Option<T>` is `Option<T>`), except
//!   where the file's module defines an item of that name (a schema called `Option` keeps
//!   `::std::option::Option` meaning the std one);
//! - `::serde::Serialize` and `::serde::Deserialize` become `Serialize` and `Deserialize` under
//!   `use serde::{Deserialize, Serialize};`, unless shadowed the same way;
//! - other paths into dependencies lose their leading `::` (`http::Request`): the generated
//!   modules define no lower-case items that could shadow a crate;
//! - `crate::runtime::X` becomes `runtime::X` under `use crate::runtime;`, and in the examples
//!   module `crate::runtime::examples::X` becomes `X` under one `use crate::runtime::examples::{..};`;
//! - `crate::<api>::models::X` becomes `X` in the models module, `models::X` next to it (the
//!   API's root module declares `models`; its other modules `use super::models;`), and likewise
//!   for `endpoints`.
//!
//! The `use` lines go after the file's inner attributes, and only those a file needs are written,
//! so none is unused.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashSet};

use proc_macro2::{Ident, Spacing, Span, TokenStream, TokenTree};

use crate::render::{Tok, back, own};
use quote::quote;

/// The absolute paths this pass shortens, as their segments after the leading `::`, with the
/// prelude name each one becomes. Longest first, so `Option::Some` wins over `Option`.
const PRELUDE: &[(&[&str], &str)] = &[
    (&["std", "option", "Option", "Some"], "Some"),
    (&["std", "option", "Option", "None"], "None"),
    (&["std", "result", "Result", "Ok"], "Ok"),
    (&["std", "result", "Result", "Err"], "Err"),
    (&["std", "string", "String"], "String"),
    (&["std", "vec", "Vec"], "Vec"),
    (&["std", "option", "Option"], "Option"),
    (&["std", "result", "Result"], "Result"),
    (&["std", "boxed", "Box"], "Box"),
    (&["std", "convert", "Into"], "Into"),
    (&["std", "convert", "From"], "From"),
    (&["std", "default", "Default"], "Default"),
];

/// The serde traits imported by name.
const SERDE: [&str; 2] = ["Deserialize", "Serialize"];

/// The sibling modules of an API that its files refer to.
const SIBLINGS: [&str; 2] = ["endpoints", "models"];

/// Which module of an API a file is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `src/<api>/mod.rs`, which declares the others.
    Root,
    /// `models`, `endpoints` or `examples`.
    Child(&'static str),
}

/// The shortening of one file's paths, with what it needed imported.
pub struct Paths {
    /// The names of the items the file's module defines.
    shadowed: HashSet<String>,
    /// The API's module name.
    api: String,
    module: Module,
    /// Which of [`SERDE`] were written plainly.
    serde: [Cell<bool>; 2],
    /// Whether `runtime::` was written.
    runtime: Cell<bool>,
    /// Which of [`SIBLINGS`] were written as `name::`.
    siblings: [Cell<bool>; 2],
    /// The items of `runtime::examples` written plainly (in the examples module).
    examples: RefCell<BTreeSet<String>>,
}

impl Paths {
    /// The pass for a file of the API module `api` (its identifier as written) that is `module`,
    /// whose items are named `shadowed`.
    pub fn new(api: String, module: Module, shadowed: HashSet<String>) -> Self {
        Paths {
            shadowed,
            api,
            module,
            serde: Default::default(),
            runtime: Cell::new(false),
            siblings: Default::default(),
            examples: Default::default(),
        }
    }

    /// `tokens` with their paths shortened.
    pub fn shorten(&self, tokens: TokenStream) -> TokenStream {
        back(self.shorten_toks(own(tokens)))
    }

    /// [`Paths::shorten`] on owned token trees, as the renderer takes them. Tokens are moved, not
    /// copied: this pass sees every token of a file, and an identifier copied is an allocation.
    pub fn shorten_toks(&self, mut trees: Vec<Tok>) -> Vec<Tok> {
        let mut out: Vec<Tok> = Vec::with_capacity(trees.len());
        let mut index = 0;
        while index < trees.len() {
            // What came before is read from `out`: a rewrite ends with the token the original
            // ended with (`String`, `runtime`, `models`), or with nothing where no check looks.
            if let Some((length, replacement)) = self.rewrite_at(&trees, &out, index) {
                match replacement {
                    Replacement::Keep(at) => out.push(take(&mut trees[at])),
                    Replacement::Name(name) => out.push(Tok::Ident(Ident::new(name, trees[index].span()))),
                    Replacement::Nothing => {}
                }
                index += length;
                continue;
            }
            let skip_if_path =
                out.len() > 1 && matches!(&out[out.len() - 2], Tok::Ident(key) if key == "skip_serializing_if");
            out.push(match take(&mut trees[index]) {
                // serde resolves the function path of `skip_serializing_if` where the derive
                // expands, in this module, so the same rule applies inside that string.
                Tok::Literal(literal)
                    if skip_if_path
                        && !self.shadowed.contains("Option")
                        && literal.to_string() == r#""::std::option::Option::is_none""# =>
                {
                    let mut short = proc_macro2::Literal::string("Option::is_none");
                    short.set_span(literal.span());
                    Tok::Literal(short)
                }
                Tok::Group(delimiter, span, inner) => Tok::Group(delimiter, span, self.shorten_toks(inner)),
                other => other,
            });
            index += 1;
        }
        out
    }

    /// `head` (the file's inner attributes and first items, already shortened) with the `use`
    /// lines that the file's shortened paths need, after its inner attributes. Called once every
    /// item of the file went through [`Paths::shorten`].
    pub fn head(&self, head: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = head.into_iter().collect();
        let mut split = 0;
        while let (Some(TokenTree::Punct(hash)), Some(TokenTree::Punct(bang)), Some(TokenTree::Group(group))) =
            (trees.get(split), trees.get(split + 1), trees.get(split + 2))
        {
            if hash.as_char() != '#' || bang.as_char() != '!' || group.delimiter() != proc_macro2::Delimiter::Bracket {
                break;
            }
            split += 3;
        }
        let serde: Vec<Ident> = SERDE
            .iter()
            .zip(&self.serde)
            .filter(|(_, used)| used.get())
            .map(|(name, _)| Ident::new(name, Span::call_site()))
            .collect();
        let serde = match serde.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(use serde::#one;),
            many => quote!(use serde::{#(#many),*};),
        };
        let runtime = self.runtime.get().then(|| {
            quote!(
                use crate::runtime;
            )
        });
        let examples: Vec<Ident> =
            self.examples.borrow().iter().map(|name| Ident::new(name, Span::call_site())).collect();
        let examples = (!examples.is_empty()).then(|| quote!(use crate::runtime::examples::{#(#examples),*};));
        let siblings = SIBLINGS.iter().zip(&self.siblings).filter(|(_, used)| used.get()).map(|(name, _)| {
            let name = Ident::new(name, Span::call_site());
            quote!(use super::#name;)
        });
        let mut out: TokenStream = trees[..split].iter().cloned().collect();
        out.extend(quote!(#serde #runtime #examples #(#siblings)*));
        out.extend(trees[split..].iter().cloned());
        out
    }

    /// The shorter form of the path that starts at `trees[index]`, if it has one: how many
    /// tokens it replaces and with what. `before` holds what was written before it.
    fn rewrite_at(&self, trees: &[Tok], before: &[Tok], index: usize) -> Option<(usize, Replacement)> {
        match &trees[index] {
            Tok::Ident(first) if first == "crate" && is_path_separator(trees, index + 1) => {
                // `crate` `::` `second` `::` `third` `::`: tokens 0, 1-2, 3, 4-5, 6, 7-8.
                let second = ident_at(trees, index + 3)?;
                if second == "runtime" && self.module == Module::Child("examples") {
                    // `crate` `::` `runtime` `::` `examples` `::` `Name`: tokens 0, 1-2, 3, 4-5, 6, 7-8, 9.
                    let name = (ident_at(trees, index + 6).is_some_and(|module| module == "examples")
                        && is_path_separator(trees, index + 7))
                    .then(|| ident_at(trees, index + 9))
                    .flatten()
                    // Types only: a function imported by name could be shadowed by a local binding.
                    .filter(|name| name.to_string().starts_with(|c: char| c.is_ascii_uppercase()))
                    .filter(|name| !self.shadowed.contains(&name.to_string()));
                    if let Some(name) = name {
                        self.examples.borrow_mut().insert(name.to_string());
                        return Some((10, Replacement::Keep(index + 9)));
                    }
                }
                if second == "runtime" {
                    self.runtime.set(true);
                    return Some((4, Replacement::Keep(index + 3)));
                }
                if *second != self.api.as_str() || !is_path_separator(trees, index + 4) {
                    return None;
                }
                let third = ident_at(trees, index + 6)?.to_string();
                let sibling = SIBLINGS.iter().position(|name| *name == third)?;
                match self.module {
                    // The module's own items, named plainly (with the `::` that followed).
                    Module::Child(own) if own == third => {
                        is_path_separator(trees, index + 7).then_some((9, Replacement::Nothing))
                    }
                    Module::Root => Some((7, Replacement::Keep(index + 6))),
                    Module::Child(_) => {
                        self.siblings[sibling].set(true);
                        Some((7, Replacement::Keep(index + 6)))
                    }
                }
            }
            Tok::Punct(_) if starts_absolute_path(trees, before, index) => {
                if let Some((length, name)) = prelude_path_at(trees, index) {
                    if !self.shadowed.contains(name) {
                        return Some((length, Replacement::Name(name)));
                    }
                }
                let krate = ident_at(trees, index + 2)?;
                if krate == "serde" && is_path_separator(trees, index + 3) {
                    if let Some(name) = ident_at(trees, index + 5) {
                        let position = SERDE.iter().position(|serde| name == serde);
                        if let Some(position) = position.filter(|_| !self.shadowed.contains(&name.to_string())) {
                            self.serde[position].set(true);
                            return Some((6, Replacement::Keep(index + 5)));
                        }
                    }
                }
                // `::krate::...` is `krate::...` where no item of the module is called `krate`.
                (is_path_separator(trees, index + 3) && !self.shadowed.contains(&krate.to_string()))
                    .then_some((2, Replacement::Nothing))
            }
            _ => None,
        }
    }
}

/// What a shortened path is written as.
enum Replacement {
    /// The original token at this index (the path's last segment).
    Keep(usize),
    /// A prelude name.
    Name(&'static str),
    /// Nothing: the path's start is dropped.
    Nothing,
}

/// The token at `slot`, moved out; a cheap placeholder is left, never read again.
fn take(slot: &mut Tok) -> Tok {
    std::mem::replace(slot, Tok::Punct(proc_macro2::Punct::new('.', Spacing::Alone)))
}

/// The identifier at `trees[index]`.
fn ident_at(trees: &[Tok], index: usize) -> Option<&Ident> {
    match trees.get(index) {
        Some(Tok::Ident(ident)) => Some(ident),
        _ => None,
    }
}

/// Whether an absolute path (`::a::b`) starts at `trees[index]`, after the tokens `before`: a
/// `::` not continuing another path. `a::std::...`, `crate::std::...` or `<T>::std::...` continue
/// one; after a keyword (`impl ::std::...`, `dyn`, `as`) or `->` a path starts.
fn starts_absolute_path(trees: &[Tok], before: &[Tok], index: usize) -> bool {
    if !is_path_separator(trees, index) {
        return false;
    }
    if let Some(previous) = before.last() {
        if let Tok::Ident(previous) = previous {
            let previous = previous.to_string();
            let starts_path = crate::naming::is_keyword(&previous)
                && !matches!(previous.as_str(), "crate" | "self" | "super" | "Self");
            if !starts_path {
                return false;
            }
        }
        let arrow = before.len() > 1
            && matches!(&before[before.len() - 2], Tok::Punct(p)
                if matches!(p.as_char(), '-' | '=') && p.spacing() == Spacing::Joint);
        if !arrow && matches!(previous, Tok::Punct(p) if p.as_char() == '>') {
            return false;
        }
    }
    true
}

/// The prelude path at `trees[index]` (an absolute path's leading `::`): the number of tokens
/// it spans and the plain name it becomes. What follows (`::new()`, `::<T>`) stays:
/// `String::new()` means what the long path meant.
fn prelude_path_at(trees: &[Tok], index: usize) -> Option<(usize, &'static str)> {
    'candidates: for (segments, name) in PRELUDE {
        let mut at = index;
        for (position, segment) in segments.iter().enumerate() {
            if position > 0 && !is_path_separator(trees, at) {
                continue 'candidates;
            }
            at += 2;
            match trees.get(at) {
                Some(Tok::Ident(ident)) if ident == segment => at += 1,
                _ => continue 'candidates,
            }
        }
        return Some((at - index, name));
    }
    None
}

/// Whether `trees[index..]` starts with `::`.
fn is_path_separator(trees: &[Tok], index: usize) -> bool {
    matches!(
        (trees.get(index), trees.get(index + 1)),
        (Some(Tok::Punct(a)), Some(Tok::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn paths(module: Module, shadowed: &[&str]) -> Paths {
        Paths::new("api".into(), module, shadowed.iter().map(|s| s.to_string()).collect())
    }

    fn check(tokens: TokenStream, shadowed: &[&str], expected: TokenStream) {
        assert_eq!(paths(Module::Child("models"), shadowed).shorten(tokens).to_string(), expected.to_string());
    }

    #[test]
    fn shortens_prelude_paths() {
        check(
            quote!(pub x: ::std::option::Option<::std::vec::Vec<::std::string::String>>),
            &[],
            quote!(pub x: Option<Vec<String>>),
        );
        check(quote!(::std::result::Result::Ok(::std::option::Option::None)), &[], quote!(Ok(None)));
        check(
            quote!(
                fn f(x: impl ::std::convert::Into<::std::string::String>) {}
            ),
            &[],
            quote!(
                fn f(x: impl Into<String>) {}
            ),
        );
        check(
            quote!(
                fn f() -> ::std::vec::Vec<u8> {}
            ),
            &[],
            quote!(
                fn f() -> Vec<u8> {}
            ),
        );
        check(
            quote!(match x {
                _ => ::std::option::Option::None,
            }),
            &[],
            quote!(match x {
                _ => None,
            }),
        );
    }

    #[test]
    fn keeps_shadowed_and_other_paths() {
        check(quote!(x: ::std::option::Option<u8>), &["Option"], quote!(x: std::option::Option<u8>));
        check(quote!(x: ::std::convert::identity), &[], quote!(x: std::convert::identity));
        check(quote!(crate::std::string::String), &[], quote!(crate::std::string::String));
        check(quote!(<T>::std::string::String), &[], quote!(<T>::std::string::String));
        check(quote!(::std::string::String::new()), &[], quote!(String::new()));
        check(
            quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]),
            &[],
            quote!(#[serde(skip_serializing_if = "Option::is_none")]),
        );
        check(
            quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]),
            &["Option"],
            quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]),
        );
    }

    #[test]
    fn imports_what_the_file_uses() {
        let models = paths(Module::Child("models"), &["Serialize"]);
        let item = models.shorten(quote!(
            #[derive(::serde::Serialize, ::serde::Deserialize)]
            struct A {
                b: crate::api::models::B,
                c: crate::runtime::Loose<::http::Uri>,
            }
        ));
        assert_eq!(
            item.to_string(),
            quote!(
                #[derive(serde::Serialize, Deserialize)]
                struct A {
                    b: B,
                    c: runtime::Loose<http::Uri>,
                }
            )
            .to_string()
        );
        assert_eq!(
            models.head(quote!(#![doc = "x"] #![allow(a)] struct C;)).to_string(),
            quote!(#![doc = "x"] #![allow(a)] use serde::Deserialize; use crate::runtime; struct C;).to_string()
        );

        let endpoints = paths(Module::Child("endpoints"), &[]);
        let item = endpoints.shorten(quote!(
            type Output = crate::api::models::B;
            type F = crate::api::endpoints::Form;
        ));
        assert_eq!(
            item.to_string(),
            quote!(
                type Output = models::B;
                type F = Form;
            )
            .to_string()
        );
        assert_eq!(
            endpoints.head(TokenStream::new()).to_string(),
            quote!(
                use super::models;
            )
            .to_string()
        );

        let examples = paths(Module::Child("examples"), &[]);
        let item = examples.shorten(quote!(
            fn f(v: &mut impl crate::runtime::examples::Visitor) {
                crate::runtime::examples::param(x)
            }
        ));
        assert_eq!(
            item.to_string(),
            quote!(
                fn f(v: &mut impl Visitor) {
                    runtime::examples::param(x)
                }
            )
            .to_string()
        );
        assert_eq!(
            examples.head(TokenStream::new()).to_string(),
            quote!(
                use crate::runtime;
                use crate::runtime::examples::{Visitor};
            )
            .to_string()
        );

        let root = paths(Module::Root, &[]);
        let item = root.shorten(quote!(
            pub use crate::runtime::Endpoint;
            fn f(x: crate::api::models::B) {}
        ));
        assert_eq!(
            item.to_string(),
            quote!(
                pub use runtime::Endpoint;
                fn f(x: models::B) {}
            )
            .to_string()
        );
        assert_eq!(
            root.head(TokenStream::new()).to_string(),
            quote!(
                use crate::runtime;
            )
            .to_string()
        );
    }
}
