//! `models.rs` of an API module: one item per [`TypeDef`], with serde derives, rustdoc and a
//! `Validate` impl that checks documented constraints.

use indexmap::IndexSet;
use proc_macro2::TokenStream;
use quote::quote;

use super::checks::{self, Checked};
use super::{after, braced, docs, field_ident, ty::rust_type, type_ident};
use crate::ir::{Api, Enum, Field, Struct, Ty, TypeDef, TypeId, TypeKind, TypeSpace, Union};
use crate::naming;

/// The whole models file.
pub fn models(api: &Api) -> super::FileTokens<'_> {
    let types = &api.types;
    let defaults = defaultable_structs(types);
    let params = param_types(api);
    let checked = Checked::new(types);
    let items = types.types.iter().enumerate().map(move |(index, def)| {
        let id = TypeId(index);
        let as_param = params.contains(&index);
        match &def.kind {
            TypeKind::Struct(s) => {
                structure(def, s, types, &checked, defaults.get(index).copied().unwrap_or(false), as_param)
            }
            TypeKind::Enum(e) => enumeration(def, e),
            TypeKind::Union(u) => union(id, def, u, types, &checked, as_param),
            TypeKind::Alias(ty) => {
                let doc = docs::outer(def.docs.as_deref());
                let name = type_ident(&def.name);
                let target = rust_type(ty, types, None);
                quote! { #doc pub type #name = #target; }
            }
        }
    });
    let title = format!("Request and response types of {}.", super::api_title(api));
    let module_doc = docs::inner(&title);
    let head = quote! {
        #module_doc
        #![allow(
            // Names and nesting come from the API description, not from us.
            clippy::large_enum_variant,
            clippy::type_complexity,
            clippy::enum_variant_names,
            // Vendor descriptions continue list items without indentation.
            clippy::doc_lazy_continuation,
        )]
    };
    super::FileTokens { head, items: Box::new(items) }
}

/// Named types used as path, query or header parameters: they implement `ToParam`.
fn param_types(api: &Api) -> IndexSet<usize> {
    fn collect(ty: &Ty, types: &TypeSpace, out: &mut IndexSet<usize>) {
        match ty {
            // An alias is not a type of its own: what it names needs the impl.
            Ty::Named(id) if out.insert(id.0) => {
                if let Some(TypeKind::Alias(target)) = types.types.get(id.0).map(|def| &def.kind) {
                    collect(target, types, out);
                }
            }
            Ty::Vec(inner) | Ty::Option(inner) | Ty::Loose(inner) | Ty::Map(inner) => collect(inner, types, out),
            _ => {}
        }
    }
    let mut out = IndexSet::new();
    for param in api.operations.iter().flat_map(|op| &op.params) {
        collect(&param.ty, &api.types, &mut out);
    }
    out
}

/// Which structs can derive `Default`: those whose every field can. Computed as a fixpoint from
/// "all can", so recursive types settle without looping.
fn defaultable_structs(types: &TypeSpace) -> Vec<bool> {
    let mut can: Vec<bool> = types.types.iter().map(|def| matches!(def.kind, TypeKind::Struct(_))).collect();
    loop {
        let mut changed = false;
        for (index, def) in types.types.iter().enumerate() {
            if let TypeKind::Struct(s) = &def.kind {
                let all = s.fields.iter().all(|f| f.optional || f.nullable || ty_default(&f.ty, types, &can, 0));
                if can[index] && !all {
                    can[index] = false;
                    changed = true;
                }
            }
        }
        if !changed {
            return can;
        }
    }
}

fn ty_default(ty: &Ty, types: &TypeSpace, structs: &[bool], depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    match ty {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Uuid | Ty::Bytes | Ty::Any => true,
        Ty::Vec(_) | Ty::Map(_) | Ty::Option(_) => true,
        Ty::DateTime | Ty::Date => false,
        Ty::Loose(inner) => ty_default(inner, types, structs, depth + 1),
        Ty::Named(id) => match types.types.get(id.0).map(|def| &def.kind) {
            Some(TypeKind::Struct(_)) => structs.get(id.0).copied().unwrap_or(false),
            Some(TypeKind::Alias(target)) => ty_default(target, types, structs, depth + 1),
            _ => false,
        },
    }
}

/// Whether a value of `ty` holds a `target` inline (not behind a `Vec` or map), so that
/// `target` containing it would have infinite size.
fn holds_inline(ty: &Ty, target: TypeId, types: &TypeSpace, seen: &mut IndexSet<usize>) -> bool {
    match ty {
        Ty::Option(inner) | Ty::Loose(inner) => holds_inline(inner, target, types, seen),
        Ty::Named(id) if *id == target => true,
        Ty::Named(id) => {
            if !seen.insert(id.0) {
                return false;
            }
            match types.types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields.iter().any(|f| !f.boxed && holds_inline(&f.ty, target, types, seen))
                }
                Some(TypeKind::Union(u)) => u.variants.iter().any(|v| holds_inline(&v.ty, target, types, seen)),
                Some(TypeKind::Alias(inner)) => holds_inline(inner, target, types, seen),
                _ => false,
            }
        }
        _ => false,
    }
}

fn field_type(field: &Field, types: &TypeSpace) -> TokenStream {
    let mut ty = rust_type(&field.ty, types, None);
    if field.boxed && matches!(field.ty, Ty::Named(_)) {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if field.optional || field.nullable {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

fn field_docs(field: &Field) -> TokenStream {
    let mut text = field.docs.clone().unwrap_or_default();
    if let Some(default) = &field.default {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Default: {}.", docs::code(&default.to_string())));
    }
    docs::outer(Some(&text))
}

fn structure(
    def: &TypeDef,
    s: &Struct,
    types: &TypeSpace,
    checked: &Checked<'_>,
    default: bool,
    as_param: bool,
) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = docs::outer(def.docs.as_deref());
    let mut taken: IndexSet<String> = IndexSet::new();
    let mut fields = Vec::new();
    let mut validations = Vec::new();
    for field in &s.fields {
        let rust_name = naming::unique(field.name.clone(), &mut taken);
        let ident = field_ident(&rust_name);
        let ty = field_type(field, types);
        let field_doc = field_docs(field);
        let wire = &field.wire_name;
        let rename = (ident_text(&ident) != *wire).then(|| quote!(#[serde(rename = #wire)]));
        let optional = field.optional || field.nullable;
        // A required member that may be `null` is always sent: `None` is written as `null`.
        let skip =
            field.optional.then(|| quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]));
        fields.push(after(field_doc, quote! { #rename #skip pub #ident: #ty, }));
        let member_path = format!(".{wire}");
        let path = quote!(&[path, #member_path].concat());
        if let Some(check) = checks::member_checks(&ident, optional, &field.ty, types, &field.constraints, &path) {
            validations.push(check);
        }
        if checked.needs(&field.ty) {
            validations.push(quote!(crate::runtime::Validate::validate(&self.#ident, #path)?;));
        }
    }
    if let Some(additional) = &s.additional {
        let rust_name = ["additional_properties", "extra", "unknown_members"]
            .into_iter()
            .find(|candidate| !taken.contains(*candidate))
            .map(str::to_owned)
            .unwrap_or_else(|| naming::unique("additional_properties".to_owned(), &mut taken));
        let ident = field_ident(&rust_name);
        let value = rust_type(additional, types, None);
        fields.push(quote! {
            /// Members the description does not list, kept so that nothing is lost on a round trip.
            #[serde(flatten)]
            pub #ident: ::indexmap::IndexMap<::std::string::String, #value>,
        });
        if checked.needs(additional) {
            validations.push(quote!(crate::runtime::Validate::validate(&self.#ident, path)?;));
        }
    }
    let derive_default = default.then(|| quote!(Default,));
    let validate = (!validations.is_empty()).then(|| {
        let mut checks: TokenStream = validations.into_iter().collect();
        checks.extend(quote!(::std::result::Result::Ok(())));
        let checks = braced(checks);
        quote!(fn validate(&self, path: &str) -> ::std::result::Result<(), crate::runtime::Error> #checks)
    });
    let validate = braced(validate.unwrap_or_default());
    let fields = braced(fields.into_iter().collect());
    let to_param = as_param.then(|| quote!(impl crate::runtime::ToParam for #name {}));
    let item = quote! {
        #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name #fields

        impl crate::runtime::Validate for #name #validate

        #to_param
    };
    after(doc, item)
}

/// The text of an identifier as it appears on the wire comparison (`r#type` -> `type`).
fn ident_text(ident: &proc_macro2::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

fn enumeration(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = docs::outer(def.docs.as_deref());
    let mut names: IndexSet<String> = IndexSet::new();
    let mut wires: IndexSet<&str> = IndexSet::new();
    let mut variants = Vec::new();
    for variant in &e.variants {
        // Two variants with one wire value would make the decoding match unreachable.
        if !wires.insert(variant.wire_name.as_str()) {
            continue;
        }
        let rust_name = naming::unique(naming::pascal(&variant.name), &mut names);
        variants.push((type_ident(&rust_name), variant.wire_name.clone(), docs::outer(variant.docs.as_deref())));
    }
    let other = ["Other", "Unknown", "UnknownValue"]
        .into_iter()
        .find(|candidate| !names.contains(*candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| naming::unique("Other".to_owned(), &mut names));
    let other = type_ident(&other);
    let decls = variants.iter().map(|(ident, wire, doc)| {
        let wire_doc = format!(" {} on the wire.", docs::code(wire));
        let doc = if doc.is_empty() { quote!(#[doc = #wire_doc]) } else { doc.clone() };
        quote!(#doc #ident,)
    });
    let known = variants.iter().map(|(ident, wire, _)| quote!((Self::#ident, #wire)));
    // Open: a value added by the API later decodes as `Other`, and a variant added by a later
    // spec is not a breaking change for code that matches on the enum. The table is the one
    // place the wire strings are written: the runtime's macro maps both ways with it.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value this version of the client does not know; kept as sent.
            #other(::std::string::String),
        }

        impl #name {
            /// Every value the description lists, with its wire string.
            pub const KNOWN: &'static [(Self, &'static str)] = &[#(#known),*];
        }

        crate::runtime::string_enum!(#name, #other);
    }
}

fn union(
    id: TypeId,
    def: &TypeDef,
    u: &Union,
    types: &TypeSpace,
    checked: &Checked<'_>,
    as_param: bool,
) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = docs::outer(def.docs.as_deref());
    let mut names: IndexSet<String> = IndexSet::new();
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut tries = Vec::new();
    for variant in &u.variants {
        let ident = type_ident(&naming::unique(naming::pascal(&variant.name), &mut names));
        let mut ty = rust_type(&variant.ty, types, None);
        if holds_inline(&variant.ty, id, types, &mut IndexSet::new()) {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let rename = match (&u.discriminator, &variant.tag) {
            (Some(_), Some(tag)) => Some(quote!(#[serde(rename = #tag)])),
            _ => None,
        };
        decls.push(quote!(#rename #ident(#ty),));
        arms.push(quote!(#name::#ident(value) => crate::runtime::Validate::validate(value, path),));
        let variant_name = ident.to_string();
        let declared = match checks::resolve(&variant.ty, types) {
            Ty::Named(id) => match types.types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Struct(s)) => {
                    let names = s.fields.iter().map(|f| f.wire_name.as_str());
                    quote!(::std::option::Option::Some(&[#(#names),*]))
                }
                _ => quote!(::std::option::Option::None),
            },
            _ => quote!(::std::option::Option::None),
        };
        tries.push(quote!(.variant(#variant_name, #declared, #name::#ident)));
    }
    let (tagging, derive_deserialize, deserialize) = match &u.discriminator {
        Some(member) => (quote!(#[serde(tag = #member)]), quote!(::serde::Deserialize,), TokenStream::new()),
        None => {
            let union_name = def.name.as_str();
            let deserialize = quote! {
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        crate::runtime::Untagged::new(#union_name, value) #(#tries)* .finish()
                    }
                }
            };
            (quote!(#[serde(untagged)]), TokenStream::new(), deserialize)
        }
    };
    let how = match &u.discriminator {
        Some(member) => format!(" The member {} says which variant a value is.", docs::code(member)),
        None => concat!(
            " A value decodes as the first variant that keeps every member in a declared field, else as the",
            " first that keeps every member at all, else as the first that keeps every member of the value",
            " itself (dropping only undeclared members nested deeper, as every model does); when every",
            " variant would lose a member of the value itself, decoding fails."
        )
        .to_owned(),
    };
    let separator = (!doc.is_empty()).then(|| quote!(#[doc = ""]));
    let validate = checked.has_checks(id).then(|| {
        quote! {
            fn validate(&self, path: &str) -> ::std::result::Result<(), crate::runtime::Error> {
                match self { #(#arms)* }
            }
        }
    });
    let to_param = as_param.then(|| quote!(impl crate::runtime::ToParam for #name {}));
    quote! {
        #doc
        #separator
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, #derive_deserialize)]
        #tagging
        pub enum #name {
            #(#decls)*
        }

        #deserialize

        impl crate::runtime::Validate for #name {
            #validate
        }

        #to_param
    }
}
