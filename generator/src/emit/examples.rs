//! `examples.rs` of an API module: every operation with its documented examples, as data for
//! tests and tools (see `runtime/examples.rs` for the types).
//!
//! Parameter values and bodies are embedded as JSON text and decoded at run time, so an example
//! that contradicts its type (the generator warned about it) compiles and shows up as an `Err`
//! where it is used, instead of breaking the build. A required value without an example gets a
//! placeholder made from its type and constraints, marked as not documented.

use indexmap::IndexSet;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Number, Value};

use super::endpoints::{field_idents, names, struct_name};
use super::responses::{Decoder, ResponseTypes};
use super::{field_ident, type_ident};
use crate::ir::{Api, BodyKind, Constraints, MultipartField, Operation, Param, ParamLocation, StatusMatch, Ty, TypeSpace};
use crate::naming;

/// The whole examples file.
pub fn examples(api: &Api) -> TokenStream {
    // The same response type names as the endpoints module computes.
    let mut taken: IndexSet<String> = api.operations.iter().map(struct_name).collect();
    let calls: Vec<TokenStream> = api.operations.iter().map(|op| operation(api, op, &mut taken)).collect();
    let title = format!("The documented examples of every operation of {}, as data.", super::api_title(api));
    let module_doc = super::docs::inner(&title);
    let visitor = if calls.is_empty() { quote!(_visitor) } else { quote!(visitor) };
    quote! {
        #module_doc
        //!
        //! [`visit`] hands each one to a [`crate::runtime::examples::Visitor`]: tests drive the
        //! whole API with it, and tools can show what each request looks like.
        #![allow(clippy::type_complexity)]

        /// Calls `visitor` once per operation, in the order of the description.
        pub fn visit(#visitor: &mut impl crate::runtime::examples::Visitor) {
            #(#calls)*
        }
    }
}

fn operation(api: &Api, op: &Operation, taken: &mut IndexSet<String>) -> TokenStream {
    let module = field_ident(&api.name);
    let name_text = struct_name(op);
    let endpoint = type_ident(&name_text);
    let endpoint = quote!(crate::#module::endpoints::#endpoint);
    let (types, form) = names(api, op, taken);
    let (param_idents, body_ident) = field_idents(op);

    let mut params = Vec::new();
    let mut bindings = Vec::new();
    let mut new_args = Vec::new();
    let mut sets = Vec::new();
    let mut uses_params = false;
    for (param, ident) in op.params.iter().zip(&param_idents) {
        let (value, documented) = param_value(param, &api.types);
        let Some(value) = value else { continue };
        let text = value.to_string();
        let location = match param.location {
            ParamLocation::Path => quote!(Path),
            ParamLocation::Query => quote!(Query),
            ParamLocation::Header => quote!(Header),
        };
        let wire = &param.wire_name;
        params.push(quote! {
            crate::runtime::examples::ParamExample {
                location: crate::runtime::examples::ParamIn::#location,
                name: #wire,
                value: #text,
                documented: #documented,
            },
        });
        // The example's value unless the caller overrides it (by wire name, as JSON text).
        uses_params = true;
        // A `String` parameter is taken as `impl Into<String>`: its type is not inferred.
        let expr = match &param.ty {
            Ty::String => quote!(crate::runtime::examples::string_param(params, #wire, #text)?),
            _ => quote!(crate::runtime::examples::param(params, #wire, #text)?),
        };
        if param.required {
            // Bound first and passed by name, so that `new(..)` reads as one short line.
            let binding = match ident.to_string().as_str() {
                "body" | "params" | "request" => format_ident!("{ident}_param"),
                _ => ident.clone(),
            };
            bindings.push(quote!(let #binding = #expr;));
            new_args.push(quote!(#binding));
        } else {
            sets.push(quote!(request.#ident = ::std::option::Option::Some(#expr);));
        }
    }

    // Fixed query parameters are sent as the description has them.
    for (name, value) in &op.fixed_query {
        let text = Value::String(value.clone()).to_string();
        params.push(quote! {
            crate::runtime::examples::ParamExample {
                location: crate::runtime::examples::ParamIn::Query,
                name: #name,
                value: #text,
                documented: true,
            },
        });
    }

    let mut body_example = quote!(::std::option::Option::None);
    let mut uses_body = false;
    if let (Some(body), Some(ident)) = (&op.body, &body_ident) {
        let (format, content_type, value_expr) = match &body.kind {
            BodyKind::Json { content_type, .. } => {
                (quote!(Json), content_type.clone(), quote!(::serde_json::from_str(text)?))
            }
            BodyKind::Form { .. } => {
                (quote!(Form), "application/x-www-form-urlencoded".to_owned(), quote!(::serde_json::from_str(text)?))
            }
            BodyKind::Multipart { fields } => {
                (quote!(Multipart), "multipart/form-data".to_owned(), multipart_form(api, fields, form.as_deref()))
            }
            BodyKind::Binary { content_type } => {
                (quote!(Binary), content_type.clone(), quote!(text.as_bytes().to_vec()))
            }
            BodyKind::Text { content_type } => (quote!(Text), content_type.clone(), quote!(text.to_owned())),
        };
        let examples: Vec<String> = body.examples.iter().map(|example| example.value.to_string()).collect();
        let (value, documented) = match (&body.kind, examples.first()) {
            (BodyKind::Json { .. } | BodyKind::Form { .. }, Some(first)) => (first.clone(), true),
            (BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. }, None) => {
                (super::sample::sample(ty, &api.types, &Constraints::default(), 0).to_string(), false)
            }
            (BodyKind::Multipart { fields }, _) => (multipart_sample(fields).to_string(), false),
            _ => (String::new(), false),
        };
        // The text is the example's unless the caller gives another (`Example::request` passes
        // `BodyExample::value`), so it is written once.
        let build = match &body.kind {
            BodyKind::Json { .. } | BodyKind::Form { .. } => quote!(::serde_json::from_str(body.unwrap_or_default())?),
            _ => quote! {{
                let text = body.unwrap_or_default();
                #value_expr
            }},
        };
        uses_body = true;
        if body.required {
            bindings.push(quote!(let body = #build;));
            new_args.push(quote!(body));
        } else {
            sets.push(quote!(request.#ident = ::std::option::Option::Some(#build);));
        }
        body_example = quote! {
            ::std::option::Option::Some(crate::runtime::examples::BodyExample {
                format: crate::runtime::examples::BodyFormat::#format,
                content_type: #content_type,
                value: #value,
                documented: #documented,
                examples: &[#(#examples),*],
            })
        };
    }

    let body_arg = if uses_body { quote!(body) } else { quote!(_body) };
    let params_arg = if uses_params { quote!(params) } else { quote!(_params) };
    let construct = if sets.is_empty() {
        quote! {
            #(#bindings)*
            ::std::result::Result::Ok(#endpoint::new(#(#new_args),*))
        }
    } else {
        quote! {
            #(#bindings)*
            let mut request = #endpoint::new(#(#new_args),*);
            #(#sets)*
            ::std::result::Result::Ok(request)
        }
    };

    let responses_list = response_examples(op);
    let (output_json, error_json) = encoders(&types);
    let name = &op.name;
    let method = &op.method;
    let path = &op.path;
    quote! {
        visitor.operation(crate::runtime::examples::Example::<#endpoint> {
            name: #name,
            method: #method,
            path: #path,
            params: &[#(#params)*],
            body: #body_example,
            responses: &[#(#responses_list)*],
            build: |#body_arg, #params_arg| { #construct },
            output_json: #output_json,
            error_json: #error_json,
        });
    }
}

/// Builds the operation's typed form from the JSON object `text`: each documented part from the
/// member of its wire name (a file part gets the member's text as its content).
fn multipart_form(api: &Api, fields: &[MultipartField], form: Option<&str>) -> TokenStream {
    let Some(form) = form else {
        return quote!({
            let _ = text;
            crate::runtime::Multipart::new()
        });
    };
    let module = field_ident(&api.name);
    let form = type_ident(form);
    // The same field names as `multipart::form` gives the struct.
    let mut taken: IndexSet<String> = IndexSet::new();
    let sets = fields.iter().map(|field| {
        let ident = field_ident(&naming::unique(field.name.clone(), &mut taken));
        let wire = &field.wire_name;
        let part = if field.file {
            quote!(crate::runtime::examples::file_part(&value, #wire))
        } else {
            quote!(crate::runtime::examples::text_part(&value, #wire))
        };
        if field.required { quote!(#ident: #part.unwrap_or_default(),) } else { quote!(#ident: #part,) }
    });
    // The form always has a field for undocumented parts besides these, so the update is needed.
    quote!({
        let value: ::serde_json::Value = ::serde_json::from_str(text)?;
        crate::#module::endpoints::#form {
            #(#sets)*
            ..::std::default::Default::default()
        }
    })
}

/// A placeholder for a multipart body: every required part, as text.
fn multipart_sample(fields: &[MultipartField]) -> Value {
    let parts = fields.iter().filter(|f| f.required).map(|f| (f.wire_name.clone(), Value::String("example".to_owned())));
    Value::Object(parts.collect())
}

/// The value an example sets for a parameter and whether it is documented: the documented
/// example read as the parameter's type, a placeholder for a required parameter without one,
/// nothing for an optional one without one.
fn param_value(param: &Param, types: &TypeSpace) -> (Option<Value>, bool) {
    if let Some(example) = &param.example {
        if let Some(value) = typed_text(example, &param.ty, types) {
            return (Some(value), true);
        }
    }
    if param.required { (Some(super::sample::sample(&param.ty, types, &param.constraints, 0)), false) } else { (None, false) }
}

/// Documented parameter text as a JSON value of `ty`, when it reads as one. An example that is
/// not one of its enum's values contradicts its own schema (the server would refuse it), so it is
/// not used: a required parameter gets a placeholder made from the schema instead.
fn typed_text(text: &str, ty: &Ty, types: &TypeSpace) -> Option<Value> {
    match super::checks::resolve(ty, types) {
        Ty::Named(id) => match types.types.get(id.0).map(|def| &def.kind) {
            Some(crate::ir::TypeKind::Enum(e)) if !e.variants.iter().any(|variant| variant.wire_name == text) => None,
            _ => Some(Value::String(text.to_owned())),
        },
        Ty::I32 | Ty::I64 => text.trim().parse::<i64>().ok().map(Value::from),
        Ty::F32 | Ty::F64 => text.trim().parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number),
        Ty::Bool => text.trim().parse::<bool>().ok().map(Value::Bool),
        Ty::Vec(inner) => text
            .split(',')
            .map(|part| typed_text(part.trim(), inner, types))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        Ty::Loose(inner) => typed_text(text, inner, types).or_else(|| Some(Value::String(text.to_owned()))),
        Ty::Any => Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))),
        _ => Some(Value::String(text.to_owned())),
    }
}

/// One entry per documented example of each response, or one without a body when a status has
/// no example.
fn response_examples(op: &Operation) -> Vec<TokenStream> {
    let listed: Vec<u16> =
        op.responses.iter().filter_map(|r| if let StatusMatch::Code(c) = r.status { Some(c) } else { None }).collect();
    let mut out = Vec::new();
    for response in &op.responses {
        let declared = match response.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{class}XX"),
            StatusMatch::Default => "default".to_owned(),
        };
        let status = match response.status {
            StatusMatch::Code(code) => code,
            StatusMatch::Range(class) => {
                let low = u16::from(class) * 100;
                (low..low + 100).find(|code| !listed.contains(code)).unwrap_or(low)
            }
            StatusMatch::Default => 599,
        };
        let status = proc_macro2::Literal::u16_unsuffixed(status);
        let success = super::responses::is_success_side(response.status);
        if response.examples.is_empty() {
            out.push(quote!(crate::runtime::examples::ResponseExample { status: #status, declared: #declared, success: #success, body: ::std::option::Option::None },));
        }
        for example in &response.examples {
            let text = example.value.to_string();
            out.push(
                quote!(crate::runtime::examples::ResponseExample { status: #status, declared: #declared, success: #success, body: ::std::option::Option::Some(#text) },),
            );
        }
    }
    out
}

/// The encoder of one decoded body kind, given `value: &T`.
fn encode(decoder: Decoder) -> TokenStream {
    match decoder {
        Decoder::Json => quote!(::serde_json::to_value(value)),
        Decoder::Empty => quote!({
            let _ = value;
            ::std::result::Result::Ok(::serde_json::Value::Null)
        }),
        Decoder::Text => quote!(::std::result::Result::Ok(::serde_json::Value::String(value.clone()))),
        Decoder::Binary => {
            quote!(::std::result::Result::Ok(::serde_json::Value::String(
                ::std::string::String::from_utf8_lossy(value).into_owned()
            )))
        }
    }
}

/// `output_json` and `error_json`: a plain type is encoded as its body kind says, a
/// per-operation enum variant by variant, and an operation without error statuses never has
/// an error body (`Infallible`).
fn encoders(types: &ResponseTypes) -> (TokenStream, TokenStream) {
    let side = |success: bool| {
        let shapes: Vec<_> =
            types.statuses.iter().filter(|s| super::responses::is_success_side(s.status) == success).collect();
        match shapes.first() {
            None if success => quote!(|value| ::serde_json::to_value(value)),
            None => quote!(|value| match *value {}),
            Some(first) if first.variant.is_none() => {
                let body = encode(first.decoder);
                quote!(|value| #body)
            }
            Some(_) => {
                let arms = shapes.iter().filter_map(|shape| {
                    let (variant, unit) = shape.variant.as_ref()?;
                    Some(if *unit {
                        quote!(#variant => ::std::result::Result::Ok(::serde_json::Value::Null),)
                    } else {
                        let body = encode(shape.decoder);
                        quote!(#variant(value) => #body,)
                    })
                });
                quote!(|value| match value { #(#arms)* })
            }
        }
    };
    (side(true), side(false))
}
