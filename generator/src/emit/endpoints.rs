//! `endpoints.rs` of an API module: one struct per operation that builds its `http::Request`
//! and parses its `http::Response`, usable with or without the `Client`.

use indexmap::IndexSet;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::checks::{self, Checked};
use super::responses::{ResponseTypes, responses};
use super::{docs, field_ident, ty::rust_type, type_ident};
use crate::ir::{
    Api, BodyKind, FormEncoding, FormStyle, Operation, Param, ParamLocation, PathSegment, ResponseBody, Ty,
};
use crate::naming;

/// Method names of the endpoint structs that a parameter setter must not take.
const RESERVED: &[&str] = &["new", "to_request", "parse_response", "METHOD", "PATH", "clone", "fmt", "eq"];

/// The whole endpoints file.
pub fn endpoints(api: &Api) -> super::FileTokens<'_> {
    let mut taken: IndexSet<String> = api.operations.iter().map(struct_name).collect();
    let checked = Checked::new(&api.types);
    let items = api.operations.iter().map(move |op| operation(api, op, &checked, &mut taken));
    let title = format!(
        "The operations of {}: each builds its `http::Request` and parses its `http::Response`, so it works with any HTTP stack; the `Client` sends them with reqwest.",
        super::api_title(api)
    );
    let module_doc = docs::inner(&title);
    let head = quote! {
        #module_doc
        #![allow(
            // An error keeps the whole response (status, headers, raw body), by design.
            clippy::result_large_err,
            // Operations take as many parameters as the API has.
            clippy::too_many_arguments,
            // Names and shapes come from the API description.
            clippy::large_enum_variant,
            clippy::type_complexity,
            clippy::enum_variant_names,
            clippy::wrong_self_convention,
            clippy::should_implement_trait,
            clippy::self_named_constructors,
            clippy::doc_lazy_continuation,
        )]
    };
    super::FileTokens { head, items: Box::new(items) }
}

/// The PascalCase name of an operation's struct.
pub fn struct_name(op: &Operation) -> String {
    naming::pascal(&op.name)
}

/// The names an operation adds to the endpoints module besides its struct: response and error
/// enums, and a multipart form. The client computes them the same way, in the same order.
pub fn names<'a>(api: &Api, op: &'a Operation, taken: &mut IndexSet<String>) -> (ResponseTypes<'a>, Option<String>) {
    let struct_name = struct_name(op);
    let types = responses(api, op, &struct_name, taken);
    let form = match op.body.as_ref().map(|body| &body.kind) {
        Some(BodyKind::Multipart { .. }) => Some(naming::unique(format!("{struct_name}Form"), taken)),
        _ => None,
    };
    (types, form)
}

/// The Rust type of a body position.
fn body_type(kind: &BodyKind, api: &Api, models: &TokenStream, form: Option<&Ident>) -> TokenStream {
    match kind {
        BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. } => rust_type(ty, &api.types, Some(models)),
        BodyKind::Multipart { .. } => match form {
            Some(form) => {
                let module = field_ident(&api.name);
                quote!(crate::#module::endpoints::#form)
            }
            None => quote!(crate::runtime::Multipart),
        },
        BodyKind::Binary { .. } => quote!(::std::vec::Vec<u8>),
        BodyKind::Text { .. } => quote!(::std::string::String),
    }
}

fn location_text(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn body_doc(kind: &BodyKind, docs_text: Option<&str>) -> String {
    let mut text = docs_text.map(|d| format!("{d}\n\n")).unwrap_or_default();
    match kind {
        BodyKind::Json { content_type, .. } => {
            text.push_str(&format!("The request body, sent as {}.", docs::code(content_type)));
        }
        BodyKind::Form { .. } => text.push_str("The request body, sent as `application/x-www-form-urlencoded`."),
        BodyKind::Multipart { fields } => {
            text.push_str("The request body, sent as `multipart/form-data`. Documented parts:\n");
            for field in fields {
                let kind = if field.file { "file" } else { "text" };
                let required = if field.required { ", required" } else { "" };
                text.push_str(&format!("\n- {} ({kind}{required})", docs::code(&field.wire_name)));
                if let Some(doc) = &field.docs {
                    text.push_str(&format!(": {}", doc.lines().next().unwrap_or("")));
                }
            }
        }
        BodyKind::Binary { content_type } | BodyKind::Text { content_type } => {
            text.push_str(&format!("The request body, sent as {}.", docs::code(content_type)));
        }
    }
    text
}

/// The field names of an operation's struct: one per parameter (in order), then the body under
/// a name no parameter has.
pub fn field_idents(op: &Operation) -> (Vec<Ident>, Option<Ident>) {
    let mut field_names: IndexSet<String> = IndexSet::new();
    let params = op
        .params
        .iter()
        .map(|param| field_ident(&naming::unique(naming::snake(&param.name), &mut field_names)))
        .collect();
    let body = op.body.as_ref().map(|_| {
        let name = ["body", "request_body"].into_iter().find(|c| !field_names.contains(*c)).map(str::to_owned);
        field_ident(&name.unwrap_or_else(|| naming::unique("body".to_owned(), &mut field_names)))
    });
    (params, body)
}

struct Member<'a> {
    ident: Ident,
    param: &'a Param,
}

fn operation(api: &Api, op: &Operation, checked: &Checked<'_>, taken: &mut IndexSet<String>) -> TokenStream {
    let module = field_ident(&api.name);
    let models = quote!(crate::#module::models);
    let name_text = struct_name(op);
    let name = type_ident(&name_text);
    let (types, form_name) = names(api, op, taken);
    let (items, parse) = (types.items(), types.parse());
    let ResponseTypes { output, error, .. } = types;
    let form_ident = form_name.as_deref().map(type_ident);
    let form_item = match (&op.body, &form_ident) {
        (Some(body), Some(form)) => match &body.kind {
            BodyKind::Multipart { fields } => super::multipart::form(form, &name, fields),
            _ => TokenStream::new(),
        },
        _ => TokenStream::new(),
    };

    let (param_idents, body_ident) = field_idents(op);
    let members: Vec<Member<'_>> =
        op.params.iter().zip(param_idents).map(|(param, ident)| Member { ident, param }).collect();

    // Setters are named once for all optional members, so none can take another's name.
    let plain = |ident: &Ident| ident.to_string().trim_start_matches("r#").to_owned();
    let optional: Vec<String> = members
        .iter()
        .filter(|member| !member.param.required)
        .map(|member| plain(&member.ident))
        .chain(op.body.as_ref().filter(|body| !body.required).and(body_ident.as_ref()).map(plain))
        .collect();
    let mut setter_names = naming::setter_names(&optional, RESERVED).into_iter();
    let mut fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    let mut setters = Vec::new();
    for Member { ident, param } in &members {
        let ty = rust_type(&param.ty, &api.types, Some(&models));
        let mut text = param.docs.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("The {} parameter {}.", location_text(param.location), docs::code(&param.wire_name)));
        if let Some(example) = &param.example {
            text.push_str(&format!(" Example: {}.", docs::code(example)));
        }
        let doc = docs::outer(Some(&text));
        let is_string = param.ty == Ty::String;
        let arg_ty = if is_string { quote!(impl ::std::convert::Into<::std::string::String>) } else { ty.clone() };
        let value = if is_string { quote!(#ident.into()) } else { quote!(#ident) };
        if param.required {
            fields.push(super::after(doc, quote!(pub #ident: #ty,)));
            new_args.push(quote!(#ident: #arg_ty));
            new_inits.push(if is_string { quote!(#ident: #value,) } else { quote!(#ident,) });
        } else {
            fields.push(super::after(doc, quote!(pub #ident: ::std::option::Option<#ty>,)));
            new_inits.push(quote!(#ident: ::std::option::Option::None,));
            let setter = setter_names.next().map_or_else(|| ident.clone(), |name| field_ident(&name));
            let setter_doc =
                format!(" Sets the {} parameter {}.", location_text(param.location), docs::code(&param.wire_name));
            setters.push(quote! {
                #[doc = #setter_doc]
                pub fn #setter(mut self, #ident: #arg_ty) -> Self {
                    self.#ident = ::std::option::Option::Some(#value);
                    self
                }
            });
        }
    }
    if let (Some(body), Some(ident)) = (&op.body, &body_ident) {
        let ty = body_type(&body.kind, api, &models, form_ident.as_ref());
        let doc = docs::outer(Some(&body_doc(&body.kind, body.docs.as_deref())));
        // Raw bodies take anything that converts, so `"text"` and `b"..".to_vec()` both work.
        let converts = matches!(body.kind, BodyKind::Text { .. } | BodyKind::Binary { .. });
        let (arg_ty, value) = if converts {
            (quote!(impl ::std::convert::Into<#ty>), quote!(#ident.into()))
        } else {
            (ty.clone(), quote!(#ident))
        };
        if body.required {
            fields.push(super::after(doc, quote!(pub #ident: #ty,)));
            new_args.push(quote!(#ident: #arg_ty));
            new_inits.push(if converts { quote!(#ident: #value,) } else { quote!(#ident,) });
        } else {
            fields.push(super::after(doc, quote!(pub #ident: ::std::option::Option<#ty>,)));
            new_inits.push(quote!(#ident: ::std::option::Option::None,));
            let setter = setter_names.next().map_or_else(|| ident.clone(), |name| field_ident(&name));
            setters.push(quote! {
                /// Sets the request body.
                pub fn #setter(mut self, #ident: #arg_ty) -> Self {
                    self.#ident = ::std::option::Option::Some(#value);
                    self
                }
            });
        }
    }
    // Without required members every field is an `Option`: the derived default is `new()`.
    let derive_default = new_args.is_empty().then(|| quote!(Default,));
    let construct = if new_args.is_empty() { quote!(Self::default()) } else { quote!(Self { #(#new_inits)* }) };
    let form_styles = match op.body.as_ref().map(|body| &body.kind) {
        Some(BodyKind::Form { encoding, .. }) if !encoding.is_empty() => {
            let styles = encoding.iter().map(form_encoding);
            quote! {
                /// The members of the form body not sent as plain `name=value` pairs, with their style.
                const FORM_STYLES: &'static [(&'static str, crate::runtime::FormStyle)] = &[#(#styles),*];
            }
        }
        _ => TokenStream::new(),
    };

    let build = request_statements(api, op, checked, &members, body_ident.as_ref());
    let method = &op.method;
    let path = &op.path;
    // Every scheme of the API, in its order (a description's global requirement): the API's list.
    let auth = if !op.auth.is_empty() && op.auth.iter().copied().eq(0..api.auth_schemes.len()) {
        quote!(super::AUTH_SCHEMES)
    } else {
        let consts = super::client::scheme_consts(api);
        let auth = op.auth.iter().filter_map(|i| consts.get(*i));
        quote!(&[#(super::#auth),*])
    };
    let mut item = docs::outer(Some(&operation_doc(op)));
    item.extend([examples_doc(op)]);
    // Streams are moved into braces rather than interpolated: `quote!` copies what it
    // interpolates, and docs and statements are most of an endpoint.
    let fields = super::braced(fields.into_iter().collect());
    let setters = setters.into_iter().collect::<TokenStream>();
    let build = super::braced(build);
    let parse = super::braced(parse);
    // Users build an endpoint with `new()` and setters, never with a literal, so the struct is
    // `#[non_exhaustive]`: an optional parameter added by a later spec is not a breaking change.
    // `to_request` and `parse_response` are `#[inline]`: they, and the serde code they instantiate
    // for the operation's types, are compiled in the crate that sends the operation, and only for
    // the operations it sends; the generated crate itself has almost nothing to codegen.
    let inherent = quote! {
        #form_styles

        /// The request with its required parameters; optional ones have setters.
        pub fn new(#(#new_args),*) -> Self {
            #construct
        }
    };
    let inherent = super::braced(super::after(inherent, setters));
    item.extend(quote! {
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name #fields

        impl #name #inherent

        impl crate::runtime::Endpoint for #name {
            type Output = #output;
            type ErrorBody = #error;
            const METHOD: &'static str = #method;
            const PATH: &'static str = #path;
            const AUTH: &'static [crate::runtime::AuthScheme] = #auth;

            #[inline]
            fn to_request(&self, base_url: &str) -> ::std::result::Result<crate::runtime::Request, crate::runtime::Error> #build

            #[inline]
            fn parse_response(response: ::http::Response<::bytes::Bytes>) -> crate::runtime::Parsed<Self> #parse
        }
    });
    item.extend([items, form_item]);
    item
}

/// The rustdoc of an operation: summary, description, then method and path.
pub fn operation_doc(op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &op.summary {
        parts.push(summary.clone());
    }
    if let Some(docs) = &op.docs {
        if op.summary.as_deref() != Some(docs.as_str()) {
            parts.push(docs.clone());
        }
    }
    parts.push(docs::code(&format!("{} {}", op.method, op.path)));
    parts.join("\n\n")
}

/// Examples longer than this are left out: a screenful of JSON helps, ten do not.
const MAX_EXAMPLE_LINES: usize = 40;

/// The first documented request body and success response body, as JSON blocks. Written after
/// sanitizing (they are JSON, not prose), in a `json` block that rustdoc does not compile.
fn examples_doc(op: &Operation) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    let request =
        op.body.as_ref().and_then(|body| body.examples.first()).map(|example| ("request body".to_owned(), example));
    let response = op
        .responses
        .iter()
        .filter(|response| response.status.is_success())
        .find_map(|response| response.examples.first().map(|example| (response.status, example)))
        .map(|(status, example)| {
            let status = match status {
                crate::ir::StatusMatch::Code(code) => format!("response body ({code})"),
                _ => "response body".to_owned(),
            };
            (status, example)
        });
    for (title, example) in request.into_iter().chain(response) {
        let Ok(text) = serde_json::to_string_pretty(&example.value) else {
            continue;
        };
        if text.lines().count() > MAX_EXAMPLE_LINES {
            continue;
        }
        lines.push(String::new());
        lines.push(format!(" Example {title}:"));
        lines.push(String::new());
        lines.push(" ```json".to_owned());
        lines.extend(text.lines().map(|line| format!(" {}", docs::neutralize(line))));
        lines.push(" ```".to_owned());
    }
    quote!(#(#[doc = #lines])*)
}

fn request_statements(
    api: &Api,
    op: &Operation,
    checked: &Checked<'_>,
    members: &[Member<'_>],
    body: Option<&Ident>,
) -> TokenStream {
    let mut statements = Vec::new();
    for Member { ident, param } in members {
        let path = &param.wire_name;
        let path = quote!(#path);
        if let Some(check) =
            checks::member_checks(ident, !param.required, &param.ty, &api.types, &param.constraints, &path)
        {
            statements.push(check);
        }
        if checked.needs(&param.ty) {
            statements.push(quote!(crate::runtime::Validate::validate(&self.#ident, #path)?;));
        }
    }
    if let (Some(body_def), Some(ident)) = (&op.body, body) {
        let validated = match &body_def.kind {
            BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. } => checked.needs(ty),
            _ => false,
        };
        if validated {
            statements.push(quote!(crate::runtime::Validate::validate(&self.#ident, "body")?;));
        }
    }
    let method = &op.method;
    let start = statements.len();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => statements.push(quote!(request.path(#text);)),
            PathSegment::Param(index) => {
                if let Some(Member { ident, param }) = members.get(*index) {
                    let wire = &param.wire_name;
                    statements.push(quote!(request.path_param(#wire, &self.#ident);));
                }
            }
        }
    }
    for Member { ident, param } in members {
        let wire = &param.wire_name;
        match param.location {
            ParamLocation::Query => statements.push(quote!(request.query(#wire, &self.#ident);)),
            ParamLocation::Header => statements.push(quote!(request.header(#wire, &self.#ident);)),
            ParamLocation::Path => {}
        }
    }
    for (name, value) in &op.fixed_query {
        statements.push(quote!(request.query(#name, #value);));
    }
    let accept = op.responses.iter().filter(|r| r.status.is_success()).find_map(|r| match &r.body {
        Some(ResponseBody::Json { content_type, .. }) => Some(content_type),
        _ => None,
    });
    if let Some(content_type) = accept {
        statements.push(quote!(request.accept(#content_type);));
    }
    if let (Some(body_def), Some(ident)) = (&op.body, body) {
        // The body as a place and by reference: the field itself when required, the `Some`
        // value when optional.
        let (place, reference) = match body_def.required {
            true => (quote!(self.#ident), quote!(&self.#ident)),
            false => (quote!(body), quote!(body)),
        };
        let call = match &body_def.kind {
            BodyKind::Json { content_type, .. } => quote!(json(#content_type, #reference)),
            BodyKind::Form { encoding, .. } if encoding.is_empty() => quote!(form(#reference, &[])),
            BodyKind::Form { .. } => quote!(form(#reference, Self::FORM_STYLES)),
            BodyKind::Multipart { .. } => quote!(multipart(&#place.to_multipart())),
            BodyKind::Binary { content_type } => quote!(bytes(#content_type, #reference)),
            BodyKind::Text { content_type } => quote!(bytes(#content_type, #place.as_bytes())),
        };
        if body_def.required {
            statements.push(quote!(request.#call;));
        } else {
            statements.push(quote! {
                if let ::std::option::Option::Some(body) = &self.#ident {
                    request.#call;
                }
            });
        }
    }
    // `mut` only when something is added: an operation on the bare base URL adds nothing.
    let binding = if statements.len() > start { quote!(let mut request) } else { quote!(let request) };
    statements.insert(start, quote!(#binding = crate::runtime::RequestBuilder::new(#method, base_url);));
    statements.push(quote!(request.build()));
    quote!(#(#statements)*)
}

/// One member's form style as a runtime value: `FormEncoding::deep_object("metadata")`.
fn form_encoding(encoding: &FormEncoding) -> TokenStream {
    let name = &encoding.wire_name;
    let style = match encoding.style {
        FormStyle::Form { explode } => quote!(Form { explode: #explode }),
        FormStyle::SpaceDelimited => quote!(SpaceDelimited),
        FormStyle::PipeDelimited => quote!(PipeDelimited),
        FormStyle::DeepObject => quote!(DeepObject),
    };
    quote!((#name, crate::runtime::FormStyle::#style))
}
