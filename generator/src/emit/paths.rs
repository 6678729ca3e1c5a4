//! Prelude names written plainly: `String` for `::std::string::String`, `Option<T>` and `Some(..)`
//! for `::std::option::Option<T>` and `::std::option::Option::Some(..)`, and so on.
//!
//! Emitters write absolute paths, so that no name from a description can change what a path
//! means. This pass, run on each API file's tokens before rendering, shortens the paths of the
//! standard prelude back to the names a person writes, except where the file's module defines an
//! item of that name (a schema called `Option` keeps `::std::option::Option` meaning the std one).

use std::collections::HashSet;

use proc_macro2::{Group, TokenStream, TokenTree};

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

/// Rewrites the prelude paths of `tokens`, leaving alone any whose plain name is in `shadowed`
/// (the names of the items the file's module defines).
pub fn plain(tokens: TokenStream, shadowed: &HashSet<String>) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut index = 0;
    while index < trees.len() {
        if let Some((length, name)) = prelude_path_at(&trees, index, shadowed) {
            let span = trees[index].span();
            out.push(TokenTree::Ident(proc_macro2::Ident::new(name, span)));
            index += length;
            continue;
        }
        out.push(match &trees[index] {
            // serde resolves the function path of `skip_serializing_if` where the derive expands,
            // in this module, so the same rule applies inside that string.
            TokenTree::Literal(literal)
                if !shadowed.contains("Option") && literal.to_string() == r#""::std::option::Option::is_none""# =>
            {
                let mut short = proc_macro2::Literal::string("Option::is_none");
                short.set_span(literal.span());
                TokenTree::Literal(short)
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), plain(group.stream(), shadowed));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        index += 1;
    }
    out.into_iter().collect()
}

/// Whether a prelude path starts at `trees[index]` (its leading `::`, not preceded by a path
/// segment): the number of tokens it spans and the plain name it becomes.
fn prelude_path_at(trees: &[TokenTree], index: usize, shadowed: &HashSet<String>) -> Option<(usize, &'static str)> {
    if !is_path_separator(trees, index) {
        return None;
    }
    // `a::std::...`, `crate::std::...` or `<T>::std::...` continue another path: not an absolute
    // one. After a keyword (`impl ::std::...`, `dyn`, `as`) a path starts.
    if index > 0 {
        if let TokenTree::Ident(previous) = &trees[index - 1] {
            let previous = previous.to_string();
            let starts_path = crate::naming::is_keyword(&previous)
                && !matches!(previous.as_str(), "crate" | "self" | "super" | "Self");
            if !starts_path {
                return None;
            }
        }
    }
    let arrow = index > 1
        && matches!(&trees[index - 2], TokenTree::Punct(p)
            if matches!(p.as_char(), '-' | '=') && p.spacing() == proc_macro2::Spacing::Joint);
    if index > 0 && !arrow && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == '>') {
        return None;
    }
    'candidates: for (segments, name) in PRELUDE {
        let mut at = index;
        for (position, segment) in segments.iter().enumerate() {
            if position > 0 && !is_path_separator(trees, at) {
                continue 'candidates;
            }
            at += 2;
            match trees.get(at) {
                Some(TokenTree::Ident(ident)) if ident == segment => at += 1,
                _ => continue 'candidates,
            }
        }
        // What follows (`::new()`, `::<T>`) stays: `String::new()` means what the long path meant.
        if shadowed.contains(*name) {
            return None;
        }
        return Some((at - index, name));
    }
    None
}

/// Whether `trees[index..]` starts with `::`.
fn is_path_separator(trees: &[TokenTree], index: usize) -> bool {
    matches!(
        (trees.get(index), trees.get(index + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == proc_macro2::Spacing::Joint && b.as_char() == ':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn check(tokens: TokenStream, shadowed: &[&str], expected: TokenStream) {
        let shadowed = shadowed.iter().map(|s| s.to_string()).collect();
        assert_eq!(plain(tokens, &shadowed).to_string(), expected.to_string());
    }

    #[test]
    fn shortens_prelude_paths() {
        check(
            quote!(pub x: ::std::option::Option<::std::vec::Vec<::std::string::String>>),
            &[],
            quote!(pub x: Option<Vec<String>>),
        );
        check(
            quote!(::std::result::Result::Ok(::std::option::Option::None)),
            &[],
            quote!(Ok(None)),
        );
        check(quote!(fn f(x: impl ::std::convert::Into<::std::string::String>) {}), &[], quote!(fn f(x: impl Into<String>) {}));
        check(quote!(fn f() -> ::std::vec::Vec<u8> {}), &[], quote!(fn f() -> Vec<u8> {}));
        check(quote!(match x { _ => ::std::option::Option::None }), &[], quote!(match x { _ => None }));
    }

    #[test]
    fn keeps_shadowed_and_other_paths() {
        check(quote!(x: ::std::option::Option<u8>), &["Option"], quote!(x: ::std::option::Option<u8>));
        check(quote!(x: ::std::convert::identity), &[], quote!(x: ::std::convert::identity));
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
}
