//! The response side of an operation: its success and error types (a per-operation enum when
//! statuses have different shapes) and the body of its `parse_response`.

use indexmap::{IndexMap, IndexSet};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{docs, ty::rust_type, type_ident};
use crate::ir::{Api, Operation, Response, ResponseBody, StatusMatch};
use crate::naming;

/// What an operation's responses become. The per-operation enums and the parser are built on
/// demand ([`ResponseTypes::items`], [`ResponseTypes::parse`]): the examples and the client
/// need only the names.
pub struct ResponseTypes<'a> {
    /// The success type, with an absolute path.
    pub output: TokenStream,
    /// The error body type, with an absolute path.
    pub error: TokenStream,
    /// Every documented status with its body kind and, when the side is an enum, its variant.
    pub statuses: Vec<StatusShape>,
    success: Vec<Shape<'a>>,
    failure: Vec<Shape<'a>>,
    ok: Side,
    err: Side,
}

/// One documented status as `parse_response` treats it.
pub struct StatusShape {
    pub status: StatusMatch,
    pub decoder: Decoder,
    /// The enum variant constructor (absolute path) and whether it is a unit variant; `None`
    /// when its side (success or error) is one plain type.
    pub variant: Option<(TokenStream, bool)>,
}

/// How a body is decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    Json,
    Empty,
    Text,
    Binary,
}

struct Shape<'a> {
    status: StatusMatch,
    ty: TokenStream,
    decoder: Decoder,
    response: &'a Response,
}

fn shape<'a>(response: &'a Response, api: &Api, models: &TokenStream) -> Shape<'a> {
    let (ty, decoder) = match &response.body {
        None => (quote!(()), Decoder::Empty),
        Some(ResponseBody::Json { ty, .. }) => (rust_type(ty, &api.types, Some(models)), Decoder::Json),
        Some(ResponseBody::Text { .. }) => (quote!(::std::string::String), Decoder::Text),
        Some(ResponseBody::Binary { .. }) => (quote!(::bytes::Bytes), Decoder::Binary),
    };
    Shape { status: response.status, ty, decoder, response }
}

fn pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("Status{code}"),
        StatusMatch::Range(class) => format!("Status{class}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("status {code}"),
        StatusMatch::Range(class) => format!("any {class}xx status"),
        StatusMatch::Default => "any status not otherwise documented".to_owned(),
    }
}

/// One side (success or error): a single type, or an enum with a variant per status.
struct Side {
    ty: TokenStream,
    /// The enum's name, when there is one.
    name: Option<Ident>,
    /// The variant constructor per status when an enum is used.
    variants: IndexMap<StatusMatch, (TokenStream, bool)>,
}

impl Side {
    fn new(shapes: &[Shape<'_>], enum_name: &str, taken: &mut IndexSet<String>, endpoints: &TokenStream) -> Side {
        let distinct: IndexSet<String> = shapes.iter().map(|s| s.ty.to_string()).collect();
        if distinct.len() <= 1 {
            let ty = shapes.first().map(|s| s.ty.clone()).unwrap_or_else(|| quote!(()));
            return Side { ty, name: None, variants: IndexMap::new() };
        }
        let name = type_ident(&naming::unique(enum_name.to_owned(), taken));
        let variants = shapes
            .iter()
            .map(|shape| {
                let variant = type_ident(&variant_name(shape.status));
                (shape.status, (quote!(#endpoints::#name::#variant), shape.ty.to_string() == "()"))
            })
            .collect();
        Side { ty: quote!(#endpoints::#name), name: Some(name), variants }
    }

    /// The enum of this side, if it is one: a variant per status of `shapes`; `what` is
    /// "success" or "error".
    fn item(&self, shapes: &[Shape<'_>], what: &str) -> TokenStream {
        let Some(name) = &self.name else { return TokenStream::new() };
        let decls = shapes.iter().map(|shape| {
            let variant = type_ident(&variant_name(shape.status));
            let mut text = format!("The {what} body of {}.", status_text(shape.status));
            if let Some(more) = &shape.response.docs {
                text.push_str("\n\n");
                text.push_str(more);
            }
            let doc = docs::outer(Some(&text));
            let ty = &shape.ty;
            if self.variants.get(&shape.status).is_some_and(|(_, unit)| *unit) {
                quote!(#doc #variant,)
            } else {
                quote!(#doc #variant(#ty),)
            }
        });
        let doc = format!(" The {what} bodies of the operation, one variant per documented status.");
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#decls)*
            }
        }
    }
}

/// The response types of `op`; `struct_name` is its endpoint struct, `taken` the names already
/// used in the endpoints module.
pub fn responses<'a>(
    api: &Api,
    op: &'a Operation,
    struct_name: &str,
    taken: &mut IndexSet<String>,
) -> ResponseTypes<'a> {
    let module = super::field_ident(&api.name);
    let models = quote!(crate::#module::models);
    let endpoints = quote!(crate::#module::endpoints);
    let mut seen = IndexSet::new();
    let shapes: Vec<Shape<'_>> = op
        .responses
        .iter()
        .filter(|response| seen.insert(response.status))
        .map(|response| shape(response, api, &models))
        .collect();
    let (success, failure): (Vec<Shape<'_>>, Vec<Shape<'_>>) =
        shapes.into_iter().partition(|s| is_success_side(s.status));
    let ok = Side::new(&success, &format!("{struct_name}Response"), taken, &endpoints);
    let err = Side::new(&failure, &format!("{struct_name}Error"), taken, &endpoints);
    let output = if success.is_empty() { quote!(::serde_json::Value) } else { ok.ty.clone() };
    let error = if failure.is_empty() { quote!(::std::convert::Infallible) } else { err.ty.clone() };
    let statuses = success
        .iter()
        .map(|shape| (shape, ok.variants.get(&shape.status)))
        .chain(failure.iter().map(|shape| (shape, err.variants.get(&shape.status))))
        .map(|(shape, variant)| StatusShape { status: shape.status, decoder: shape.decoder, variant: variant.cloned() })
        .collect();
    ResponseTypes { output, error, statuses, success, failure, ok, err }
}

impl ResponseTypes<'_> {
    /// The per-operation enums, declared next to the endpoint struct.
    pub fn items(&self) -> TokenStream {
        let mut items = self.ok.item(&self.success, "success");
        items.extend(self.err.item(&self.failure, "error"));
        items
    }

    /// The statements of `parse_response`, given `response`.
    pub fn parse(&self) -> TokenStream {
        let rt = quote!(crate::runtime::response);
        let (ok, err) = (&self.ok, &self.err);
        // One documented success code, and errors that are all the one JSON error body (or none):
        // the runtime's `expect` helpers are the whole parser (most operations are this).
        let single = match (self.success.as_slice(), self.failure.as_slice()) {
            ([only], errors) if ok.variants.is_empty() && err.variants.is_empty() => match only.status {
                StatusMatch::Code(code) if errors.is_empty() => {
                    Some((code, only.decoder, quote!(expect), TokenStream::new()))
                }
                StatusMatch::Code(code) if errors.iter().all(|error| error.decoder == Decoder::Json) => {
                    if errors.iter().any(|error| error.status == StatusMatch::Default) {
                        // A default error: every other status is the error body.
                        Some((code, only.decoder, quote!(expect_or_error), TokenStream::new()))
                    } else {
                        // The error codes, listed; a class of statuses (`4XX`) is said best by a `match`.
                        let codes: Option<Vec<u16>> = errors
                            .iter()
                            .map(|error| if let StatusMatch::Code(code) = error.status { Some(code) } else { None })
                            .collect();
                        codes.map(|mut codes| {
                            codes.sort_unstable();
                            codes.dedup();
                            let codes = codes.into_iter().map(Literal::u16_unsuffixed);
                            (code, only.decoder, quote!(expect_or), quote!(, &[#(#codes),*]))
                        })
                    }
                }
                _ => None,
            },
            _ => None,
        };
        // No documented status at all: any success is read as JSON.
        let undocumented =
            self.success.is_empty() && self.failure.is_empty() && ok.variants.is_empty() && err.variants.is_empty();
        if undocumented {
            return quote!(#rt::success(response, #rt::json));
        }
        match single {
            Some((code, decoder, helper, more)) => {
                let code = Literal::u16_unsuffixed(code);
                let decode = decoder_name(decoder);
                quote!(#rt::#helper(response, #code, #rt::#decode #more))
            }
            None => {
                let arms = status_arms(&self.success, &self.failure, ok, err, &rt);
                quote! {
                    let (parts, body) = response.into_parts();
                    match parts.status.as_u16() {
                        #(#arms)*
                    }
                }
            }
        }
    }
}

/// The runtime's decoder of a success body of this kind (`json`, `empty`, `text`, `binary`).
fn decoder_name(decoder: Decoder) -> TokenStream {
    match decoder {
        Decoder::Json => quote!(json),
        Decoder::Empty => quote!(empty),
        Decoder::Text => quote!(text),
        Decoder::Binary => quote!(binary),
    }
}

/// The `match` arms of a `parse_response` that is not one runtime call: each documented status
/// decoded into its side, identical arms merged, an undocumented status unexpected.
fn status_arms(
    success: &[Shape<'_>],
    failure: &[Shape<'_>],
    ok: &Side,
    err: &Side,
    rt: &TokenStream,
) -> Vec<TokenStream> {
    // Each arm as (status, body); statuses with the same body become one arm below.
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    for shape in success {
        let decode = decoder_name(shape.decoder);
        let call = quote!(#rt::#decode(parts, body));
        let arm = match ok.variants.get(&shape.status) {
            None => call,
            Some((variant, true)) => quote!(#call.map(|response| response.map(|()| #variant))),
            Some((variant, false)) => quote!(#call.map(|response| response.map(#variant))),
        };
        arms.push((shape.status, arm));
    }
    for shape in failure {
        let wrap = match err.variants.get(&shape.status) {
            None => quote!(::std::convert::identity),
            Some((variant, true)) => quote!(|()| #variant),
            Some((variant, false)) => variant.clone(),
        };
        let call = match shape.decoder {
            Decoder::Json => quote!(#rt::json_error(parts, body, #wrap)),
            Decoder::Empty => quote!(#rt::empty_error(parts, body, #wrap)),
            Decoder::Text => quote!(#rt::text_error(parts, body, #wrap)),
            Decoder::Binary => quote!(#rt::binary_error(parts, body, #wrap)),
        };
        arms.push((shape.status, quote!(::std::result::Result::Err(#call))));
    }
    let mut arms = merge_arms(arms);
    let has_default = failure.iter().any(|s| s.status == StatusMatch::Default);
    if success.is_empty() {
        let at = arms.len() - usize::from(has_default);
        arms.insert(at, quote!(200..=299 => #rt::json(parts, body),));
    }
    if !has_default {
        arms.push(quote!(_ => ::std::result::Result::Err(#rt::unexpected(parts, body)),));
    }
    arms
}

/// The `match` arms for `(status, body)` pairs: statuses with the same body share one arm
/// (`400 | 401 | 403 => ...`), exact codes come first, then classes, then the catch-all, as
/// `match` needs.
fn merge_arms(arms: Vec<(StatusMatch, TokenStream)>) -> Vec<TokenStream> {
    let rank = |status: &StatusMatch| match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    };
    // (rank, body text) -> (statuses, body), in the order the bodies first appear.
    let mut merged: IndexMap<(u8, String), (Vec<StatusMatch>, TokenStream)> = IndexMap::new();
    for (status, body) in arms {
        let entry = merged.entry((rank(&status), body.to_string())).or_insert_with(|| (Vec::new(), body));
        entry.0.push(status);
    }
    merged.sort_by(|(rank_a, _), _, (rank_b, _), _| rank_a.cmp(rank_b));
    merged
        .into_values()
        .map(|(statuses, body)| {
            let patterns = patterns(&statuses);
            quote!(#(#patterns)|* => #body,)
        })
        .collect()
}

/// The patterns of one arm: exact codes in order, three or more consecutive ones as a range
/// (`500..=504`, as a person writes it and clippy asks), then any class or catch-all.
fn patterns(statuses: &[StatusMatch]) -> Vec<TokenStream> {
    let mut codes: Vec<u16> = statuses
        .iter()
        .filter_map(|status| if let StatusMatch::Code(code) = status { Some(*code) } else { None })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut out = Vec::new();
    let mut index = 0;
    while index < codes.len() {
        let mut end = index;
        while end + 1 < codes.len() && codes[end + 1] == codes[end] + 1 {
            end += 1;
        }
        if end - index >= 2 {
            let (low, high) = (Literal::u16_unsuffixed(codes[index]), Literal::u16_unsuffixed(codes[end]));
            out.push(quote!(#low..=#high));
            index = end + 1;
        } else {
            out.push(pattern(StatusMatch::Code(codes[index])));
            index += 1;
        }
    }
    out.extend(statuses.iter().filter(|status| !matches!(status, StatusMatch::Code(_))).map(|status| pattern(*status)));
    out
}

/// Whether a documented status is parsed on the success side (`Ok`). A documented redirect is an
/// outcome, not a failure (SendGrid's single sign-on answers 303 with the URL in `Location`), so
/// 3xx codes are on the success side with the 2xx ones.
pub fn is_success_side(status: StatusMatch) -> bool {
    status.is_success() || matches!(status, StatusMatch::Code(300..=399) | StatusMatch::Range(3))
}
