//! `examples.rs` of an API module: every operation with its documented examples, as data for
//! tests and tools (see `runtime/examples.rs` for the types).
//!
//! Parameter values and bodies are embedded as JSON text and decoded at run time, so an example
//! that contradicts its type (the generator warned about it) compiles and shows up as an `Err`
//! where it is used, instead of breaking the build. A required value without an example gets a
//! placeholder made from its type and constraints, marked as not documented.

use indexmap::{IndexMap, IndexSet};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Number, Value};

use super::endpoints::{field_idents, names, struct_name};
use super::responses::{Decoder, ResponseTypes};
use super::{FileTokens, field_ident, type_ident};
use crate::ir::{
    Api, BodyKind, Constraints, MultipartField, Operation, Param, ParamLocation, ResponseBody, StatusMatch, Ty,
    TypeSpace,
};
use crate::naming;

/// The whole examples file: `visit`, which hands every operation's example to a visitor, then
/// each operation's example as a constant and the function that builds its endpoint.
pub fn examples(api: &Api) -> FileTokens<'_> {
    let title = format!("The documented examples of every operation of {}, as data.", super::api_title(api));
    let module_doc = super::docs::inner(&title);
    let head = quote! {
        #module_doc
        //!
        //! [`visit`] hands each one to a [`crate::runtime::examples::Visitor`]: tests drive the
        //! whole API with it, and tools can show what each request looks like.
    };
    // The functions share a namespace with `visit`; the constants are in upper case.
    let mut functions: IndexSet<String> = IndexSet::from(["visit".to_owned()]);
    // Each operation's name as the client's method has it (snake case), unique among the functions.
    let names: Vec<String> =
        api.operations.iter().map(|op| naming::unique(naming::snake(&op.name), &mut functions)).collect();
    let constants = names.iter().map(|name| constant(name));
    let visitor = if names.is_empty() { quote!(_visitor) } else { quote!(visitor) };
    let visit = quote! {
        /// Calls `visitor` once per operation, in the order of the description.
        pub fn visit(#visitor: &mut impl crate::runtime::examples::Visitor) {
            #(visitor.operation(#constants);)*
        }
    };
    let shared = shared_bodies(api, &names);
    let shared_items: Vec<TokenStream> = shared
        .iter()
        .map(|(text, constant)| {
            let text = json_text(text);
            quote! {
                /// A response body that several examples show.
                const #constant: &str = #text;
            }
        })
        .collect();
    // The same response type names as the endpoints module computes.
    let mut taken: IndexSet<String> = api.operations.iter().map(struct_name).collect();
    let operations = api
        .operations
        .iter()
        .zip(names)
        .map(move |(op, name)| operation(api, op, &name, &shared, &mut taken, &mut functions));
    FileTokens { head, items: Box::new(std::iter::once(visit).chain(shared_items).chain(operations)) }
}

/// The response example bodies the API shows more than once (an error body documented for every
/// status of every operation), each with the constant it is written in once: named after its
/// type (`ERROR_RESPONSE_EXAMPLE`), unique among the operations' constants.
fn shared_bodies(api: &Api, functions: &[String]) -> IndexMap<String, Ident> {
    let mut uses: IndexMap<String, (usize, Option<&str>)> = IndexMap::new();
    for response in api.operations.iter().flat_map(|op| &op.responses) {
        let type_name = match &response.body {
            Some(ResponseBody::Json { ty: Ty::Named(id), .. }) => Some(api.types.get(*id).name.as_str()),
            _ => None,
        };
        for example in &response.examples {
            uses.entry(example.value.to_string()).or_insert((0, type_name)).0 += 1;
        }
    }
    let mut taken: IndexSet<String> = functions.iter().map(|name| constant(name).to_string()).collect();
    uses.into_iter()
        .filter(|(_, (count, _))| *count > 1)
        .map(|(text, (_, type_name))| {
            let base = type_name.map_or("RESPONSE".to_owned(), |name| naming::snake(name).to_uppercase());
            let name = naming::unique(format!("{base}_EXAMPLE"), &mut taken);
            (text, format_ident!("{}", name))
        })
        .collect()
}

/// The constant of the operation whose function is `name`: the identifier in upper case.
fn constant(name: &str) -> Ident {
    let function = field_ident(name).to_string();
    format_ident!("{}", function.trim_start_matches("r#").to_uppercase())
}

/// The names a build function uses besides its parameters' bindings.
const LOCALS: [&str; 4] = ["body", "input", "request", "value"];

/// An operation's example as a constant, and the function that builds its endpoint (and those
/// that encode its response bodies when they are enums).
fn operation(
    api: &Api,
    op: &Operation,
    name: &str,
    shared: &IndexMap<String, Ident>,
    taken: &mut IndexSet<String>,
    functions: &mut IndexSet<String>,
) -> TokenStream {
    let (constant, function) = (constant(name), field_ident(name));
    let module = field_ident(&api.name);
    let name_text = struct_name(op);
    let endpoint = type_ident(&name_text);
    let endpoint = quote!(crate::#module::endpoints::#endpoint);
    let (types, form) = names(api, op, taken);
    let (param_idents, body_ident) = field_idents(op);

    let mut params = Vec::new();
    // Every name a binding could take: the parameters' own and the function's locals.
    let mut bound: IndexSet<String> =
        param_idents.iter().map(ToString::to_string).chain(LOCALS.iter().map(|name| (*name).to_owned())).collect();
    let mut bindings = Vec::new();
    let mut new_args = Vec::new();
    let mut sets = Vec::new();
    let mut uses_input = false;
    for (param, ident) in op.params.iter().zip(&param_idents) {
        let (value, documented) = param_value(param, &api.types);
        let Some(value) = value else { continue };
        let text = json_text(&value.to_string());
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
        uses_input = true;
        // A `String` parameter is taken as `impl Into<String>`: its type is not inferred.
        let expr = match &param.ty {
            Ty::String => quote!(input.string_param(#wire, #text)?),
            _ => quote!(input.param(#wire, #text)?),
        };
        if param.required {
            // Bound first and passed by name, so that `new(..)` reads as one short line.
            // The function's own names (`input`, and `body`, `request`, `value` when it binds
            // them) are taken: such a parameter is bound as `input_param`, made unique.
            let name = ident.to_string();
            let binding = if LOCALS.contains(&name.as_str()) {
                field_ident(&naming::unique(format!("{name}_param"), &mut bound))
            } else {
                ident.clone()
            };
            bindings.push(quote!(let #binding = #expr;));
            new_args.push(quote!(#binding));
        } else {
            sets.push(quote!(request.#ident = ::std::option::Option::Some(#expr);));
        }
    }

    // Fixed query parameters are sent as the description has them.
    for (name, value) in &op.fixed_query {
        let text = json_text(&Value::String(value.clone()).to_string());
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
    if let (Some(body), Some(ident)) = (&op.body, &body_ident) {
        let (format, content_type, value_expr) = match &body.kind {
            BodyKind::Json { content_type, .. } => (quote!(Json), content_type.clone(), quote!(input.json_body()?)),
            BodyKind::Form { .. } => {
                (quote!(Form), "application/x-www-form-urlencoded".to_owned(), quote!(input.json_body()?))
            }
            BodyKind::Multipart { fields } => {
                let (value, form) = multipart_form(api, fields, form.as_deref());
                bindings.push(value);
                (quote!(Multipart), "multipart/form-data".to_owned(), form)
            }
            BodyKind::Binary { content_type } => {
                (quote!(Binary), content_type.clone(), quote!(input.text().as_bytes().to_vec()))
            }
            BodyKind::Text { content_type } => (quote!(Text), content_type.clone(), quote!(input.text().to_owned())),
        };
        let examples: Vec<String> = body.examples.iter().map(|example| example.value.to_string()).collect();
        // What the request is built with, when it is not the first example.
        let placeholder = match (&body.kind, examples.first()) {
            (BodyKind::Json { .. } | BodyKind::Form { .. }, Some(_)) => None,
            (BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. }, None) => {
                Some(super::sample::sample(ty, &api.types, &Constraints::default(), 0).to_string())
            }
            (BodyKind::Multipart { fields }, _) => Some(multipart_sample(fields).to_string()),
            _ => Some(String::new()),
        };
        uses_input = true;
        if body.required {
            bindings.push(quote!(let body = #value_expr;));
            new_args.push(quote!(body));
        } else {
            sets.push(quote!(request.#ident = ::std::option::Option::Some(#value_expr);));
        }
        let placeholder = match placeholder {
            Some(text) => {
                let text = json_text(&text);
                quote!(::std::option::Option::Some(#text))
            }
            None => quote!(::std::option::Option::None),
        };
        let examples = examples.iter().map(|example| json_text(example));
        body_example = quote! {
            ::std::option::Option::Some(crate::runtime::examples::BodyExample {
                format: crate::runtime::examples::BodyFormat::#format,
                content_type: #content_type,
                examples: &[#(#examples),*],
                placeholder: #placeholder,
            })
        };
    }

    let input = if uses_input { quote!(input) } else { quote!(_input) };
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

    let responses_list = response_examples(op, shared);
    let mut encoders = TokenStream::new();
    let mut encoder = |success: bool, ty: &TokenStream| match encoder(&types, success) {
        Encoder::Runtime(path) => path,
        Encoder::Match(arms) => {
            let suffix = if success { "output" } else { "error" };
            let name = field_ident(&naming::unique(format!("{name}_{suffix}"), functions));
            encoders.extend(quote! {
                fn #name(value: &#ty) -> ::serde_json::Result<::serde_json::Value> {
                    match value { #arms }
                }
            });
            quote!(#name)
        }
    };
    let output_json = encoder(true, &types.output);
    let error_json = encoder(false, &types.error);
    let name = &op.name;
    let method = &op.method;
    let path = &op.path;
    quote! {
        const #constant: crate::runtime::examples::Example<#endpoint> = crate::runtime::examples::Example {
            name: #name,
            method: #method,
            path: #path,
            params: &[#(#params)*],
            body: #body_example,
            responses: &[#(#responses_list)*],
            build: #function,
            output_json: #output_json,
            error_json: #error_json,
        };
        fn #function(#input: crate::runtime::examples::Input<'_>) -> ::serde_json::Result<#endpoint> {
            #construct
        }
        #encoders
    }
}

/// JSON text as a string literal: a raw one (`r#"{"a":1}"#`) when it holds a quote or a
/// backslash, which a plain one would escape, and nothing that must be escaped (a control or
/// an invisible character, such as one that reverses the text's direction, which rustc refuses
/// to see unescaped in a literal).
fn json_text(text: &str) -> proc_macro2::Literal {
    let visible = |c: char| matches!(c, '"' | '\\' | '\'') || c.escape_debug().eq([c]);
    if text.contains(['"', '\\']) && text.chars().all(visible) {
        super::docs::raw_string(text)
    } else {
        proc_macro2::Literal::string(text)
    }
}

/// The statement that reads the body text as a JSON object, and the operation's typed form
/// built from it: each documented part from the member of its wire name (a file part gets the
/// member's text as its content).
fn multipart_form(api: &Api, fields: &[MultipartField], form: Option<&str>) -> (TokenStream, TokenStream) {
    let Some(form) = form else {
        return (TokenStream::new(), quote!(crate::runtime::Multipart::new()));
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
    let value = quote!(let value: ::serde_json::Value = input.json_body()?;);
    let form = quote!(crate::#module::endpoints::#form {
        #(#sets)*
        ..::std::default::Default::default()
    });
    (value, form)
}

/// A placeholder for a multipart body: every required part, as text.
fn multipart_sample(fields: &[MultipartField]) -> Value {
    let parts =
        fields.iter().filter(|f| f.required).map(|f| (f.wire_name.clone(), Value::String("example".to_owned())));
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
    if param.required {
        (Some(super::sample::sample(&param.ty, types, &param.constraints, 0)), false)
    } else {
        (None, false)
    }
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
fn response_examples(op: &Operation, shared: &IndexMap<String, Ident>) -> Vec<TokenStream> {
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
            let text = match shared.get(&text) {
                Some(constant) => quote!(#constant),
                None => {
                    let literal = json_text(&text);
                    quote!(#literal)
                }
            };
            out.push(
                quote!(crate::runtime::examples::ResponseExample { status: #status, declared: #declared, success: #success, body: ::std::option::Option::Some(#text) },),
            );
        }
    }
    out
}

/// How a decoded body is encoded back to JSON: a runtime function, or (for a per-operation enum)
/// the arms of a match on its variants.
enum Encoder {
    Runtime(TokenStream),
    Match(TokenStream),
}

/// The runtime function that encodes one decoded body kind.
fn encode(decoder: Decoder) -> TokenStream {
    match decoder {
        Decoder::Json => quote!(crate::runtime::examples::json),
        Decoder::Empty => quote!(crate::runtime::examples::empty),
        Decoder::Text => quote!(crate::runtime::examples::text),
        Decoder::Binary => quote!(crate::runtime::examples::binary),
    }
}

/// `output_json` (`success`) or `error_json`: a plain type is encoded as its body kind says, a
/// per-operation enum variant by variant, and an operation without error statuses never has
/// an error body (`Infallible`).
fn encoder(types: &ResponseTypes, success: bool) -> Encoder {
    let shapes: Vec<_> =
        types.statuses.iter().filter(|s| super::responses::is_success_side(s.status) == success).collect();
    match shapes.first() {
        None if success => Encoder::Runtime(encode(Decoder::Json)),
        None => Encoder::Runtime(quote!(crate::runtime::examples::never)),
        Some(first) if first.variant.is_none() => Encoder::Runtime(encode(first.decoder)),
        Some(_) => Encoder::Match(
            shapes
                .iter()
                .filter_map(|shape| {
                    let (variant, unit) = shape.variant.as_ref()?;
                    Some(if *unit {
                        quote!(#variant => ::std::result::Result::Ok(::serde_json::Value::Null),)
                    } else {
                        let encode = encode(shape.decoder);
                        quote!(#variant(value) => #encode(value),)
                    })
                })
                .collect(),
        ),
    }
}
