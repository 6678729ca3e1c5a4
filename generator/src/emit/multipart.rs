//! A typed form per multipart operation: one field per documented part (`FilePart` for files,
//! `String` for text), plus room for parts the description does not list.

use indexmap::IndexSet;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{docs, field_ident};
use crate::ir::MultipartField;
use crate::naming;

/// The form struct `name` of the operation `endpoint`.
pub fn form(name: &Ident, endpoint: &Ident, fields: &[MultipartField]) -> TokenStream {
    let mut taken: IndexSet<String> = IndexSet::new();
    let mut decls = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut parts = Vec::new();
    let idents: Vec<Ident> =
        fields.iter().map(|field| field_ident(&naming::unique(naming::snake(&field.name), &mut taken))).collect();
    // Setters are named once for all optional parts, so none can take another's or a method's name.
    let optional: Vec<String> = fields
        .iter()
        .zip(&idents)
        .filter(|(field, _)| !field.required)
        .map(|(_, ident)| ident.to_string().trim_start_matches("r#").to_owned())
        .collect();
    let mut setter_names = naming::setter_names(&optional, &["new", "to_multipart"]).into_iter();
    for (field, ident) in fields.iter().zip(idents) {
        let wire = &field.wire_name;
        let (ty, arg_ty, value) = if field.file {
            (quote!(crate::runtime::FilePart), quote!(crate::runtime::FilePart), quote!(#ident))
        } else {
            (
                quote!(::std::string::String),
                quote!(impl ::std::convert::Into<::std::string::String>),
                quote!(#ident.into()),
            )
        };
        let kind = if field.file { "file" } else { "text" };
        let mut text = field.docs.clone().map(|d| format!("{d}\n\n")).unwrap_or_default();
        text.push_str(&format!("The {kind} part {}.", docs::code(wire)));
        let doc = docs::outer(Some(&text));
        let add =
            if field.file { quote!(form.file_part(#wire, value)) } else { quote!(form.text(#wire, value.clone())) };
        if field.required {
            decls.push(quote!(#doc pub #ident: #ty,));
            args.push(quote!(#ident: #arg_ty));
            inits.push(if field.file { quote!(#ident,) } else { quote!(#ident: #value,) });
            parts.push(quote! {
                let value = &self.#ident;
                form = #add;
            });
        } else {
            decls.push(quote!(#doc pub #ident: ::std::option::Option<#ty>,));
            inits.push(quote!(#ident: ::std::option::Option::None,));
            let setter_doc = format!(" Sets the {kind} part {}.", docs::code(wire));
            let setter = setter_names.next().map_or_else(|| ident.clone(), |name| field_ident(&name));
            setters.push(quote! {
                #[doc = #setter_doc]
                pub fn #setter(mut self, #ident: #arg_ty) -> Self {
                    self.#ident = ::std::option::Option::Some(#value);
                    self
                }
            });
            parts.push(quote! {
                if let ::std::option::Option::Some(value) = &self.#ident {
                    form = #add;
                }
            });
        }
    }
    let extra = ["extra_parts", "additional_parts"]
        .into_iter()
        .find(|candidate| !taken.contains(*candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| naming::unique("extra_parts".to_owned(), &mut taken));
    let extra = field_ident(&extra);
    let doc = format!(" The `multipart/form-data` body of [`{endpoint}`], one field per documented part.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#decls)*
            /// Parts the description does not list, sent after the others.
            pub #extra: ::std::vec::Vec<crate::runtime::Part>,
        }

        impl #name {
            /// The form with its required parts; optional ones have setters.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #extra: ::std::vec::Vec::new() }
            }

            #(#setters)*

            /// The parts in order, ready to encode.
            pub fn to_multipart(&self) -> crate::runtime::Multipart {
                let mut form = crate::runtime::Multipart::new();
                #(#parts)*
                for part in &self.#extra {
                    form = form.part(part.clone());
                }
                form
            }
        }
    }
}
