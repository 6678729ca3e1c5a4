//! Type references: [`Ty`] -> the Rust type as tokens (for code) or as text (for the IR JSON).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ty, TypeSpace};

/// The Rust type for `ty`, with absolute paths so no user import can break it. Named types are
/// written as `crate::<api>::models::Name` when `models` is given (from another module), or
/// as a bare `Name` inside the models module.
pub fn rust_type(ty: &Ty, types: &TypeSpace, models: Option<&TokenStream>) -> TokenStream {
    let inner = |ty: &Ty| rust_type(ty, types, models);
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Ty::Date => quote!(::chrono::NaiveDate),
        Ty::Uuid => quote!(::uuid::Uuid),
        Ty::Bytes => quote!(::std::vec::Vec<u8>),
        Ty::Any => quote!(::serde_json::Value),
        Ty::Loose(of) => {
            let of = inner(of);
            quote!(crate::runtime::Loose<#of>)
        }
        Ty::Vec(of) => {
            let of = inner(of);
            quote!(::std::vec::Vec<#of>)
        }
        Ty::Map(of) => {
            let of = inner(of);
            quote!(::indexmap::IndexMap<::std::string::String, #of>)
        }
        Ty::Option(of) => {
            let of = inner(of);
            quote!(::std::option::Option<#of>)
        }
        Ty::Named(id) => match types.types.get(id.0) {
            Some(def) => {
                let name = super::type_ident(&def.name);
                match models {
                    Some(path) => quote!(#path::#name),
                    None => quote!(#name),
                }
            }
            // A dangling reference is reported by the check pass; emit something that compiles.
            None => quote!(::serde_json::Value),
        },
    }
}

/// The type as a reader writes it, without paths: `Option<Vec<Offering>>`. Used in the IR JSON.
pub fn display_type(ty: &Ty, types: &TypeSpace) -> String {
    let inner = |ty: &Ty| display_type(ty, types);
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::DateTime => "DateTime<FixedOffset>".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::Any => "Value".into(),
        Ty::Loose(of) => format!("Loose<{}>", inner(of)),
        Ty::Vec(of) => format!("Vec<{}>", inner(of)),
        Ty::Map(of) => format!("IndexMap<String, {}>", inner(of)),
        Ty::Option(of) => format!("Option<{}>", inner(of)),
        Ty::Named(id) => types.types.get(id.0).map_or_else(|| "Value".to_owned(), |def| def.name.clone()),
    }
}
