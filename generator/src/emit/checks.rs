//! Constraint checks as tokens: the body of a `Validate` impl for a model, and the checks that
//! an endpoint's `to_request` runs on its parameters.
//!
//! A check is emitted only where the type can carry it (a length on a string, a range on a
//! number, an item count on a list), so a constraint that a description puts on the wrong type
//! is ignored instead of producing code that does not compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Constraints, Ty, TypeKind, TypeSpace};

/// How the emitted code reaches a value: as a reference (`&self.name` or a `value` bound by
/// `if let`), as a value of a `Copy` number (`self.limit` or `*value`), and as a method receiver.
pub struct Access {
    pub by_ref: TokenStream,
    pub by_val: TokenStream,
    pub receiver: TokenStream,
}

impl Access {
    /// A field of `self` that is always present.
    pub fn field(ident: &proc_macro2::Ident) -> Access {
        Access { by_ref: quote!(&self.#ident), by_val: quote!(self.#ident), receiver: quote!(self.#ident) }
    }

    /// The `value` bound by `if let Some(value) = &self.field`.
    pub fn bound() -> Access {
        Access { by_ref: quote!(value), by_val: quote!(*value), receiver: quote!(value) }
    }
}

/// `ty` with aliases resolved (at most a few levels: a cycle is the check pass's business).
pub fn resolve<'a>(ty: &'a Ty, types: &'a TypeSpace) -> &'a Ty {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            Ty::Named(id) => match types.types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// Which types have something to validate: a documented constraint on one of their members, or
/// a member whose type has. The others get the trait's default `validate`, which checks nothing,
/// and no code calls it.
pub struct Checked<'a> {
    types: &'a TypeSpace,
    flags: Vec<bool>,
}

impl<'a> Checked<'a> {
    pub fn new(types: &'a TypeSpace) -> Checked<'a> {
        let mut checked = Checked { types, flags: vec![false; types.types.len()] };
        // A fixed point: recursive types settle once nothing changes.
        loop {
            let mut changed = false;
            for (index, def) in types.types.iter().enumerate() {
                if checked.flags[index] {
                    continue;
                }
                let flag = match &def.kind {
                    TypeKind::Struct(s) => {
                        s.fields.iter().any(|f| !f.constraints.is_empty() || checked.needs(&f.ty))
                            || s.additional.as_ref().is_some_and(|ty| checked.needs(ty))
                    }
                    TypeKind::Union(u) => u.variants.iter().any(|v| checked.needs(&v.ty)),
                    TypeKind::Enum(_) | TypeKind::Alias(_) => false,
                };
                if flag {
                    checked.flags[index] = true;
                    changed = true;
                }
            }
            if !changed {
                return checked;
            }
        }
    }

    /// Whether a value of `ty` may hold a struct or union with something to check, whose own
    /// `Validate` impl must then run.
    pub fn needs(&self, ty: &Ty) -> bool {
        match resolve(ty, self.types) {
            Ty::Named(id) => self.flags.get(id.0).copied().unwrap_or(false),
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => self.needs(inner),
            _ => false,
        }
    }

    /// Whether the named type's own `Validate` impl has anything to do.
    pub fn has_checks(&self, id: crate::ir::TypeId) -> bool {
        self.flags.get(id.0).copied().unwrap_or(false)
    }
}

/// The checks of `constraints` on one value; `path` is an expression of type `&str`.
pub fn value_checks(
    access: &Access,
    ty: &Ty,
    types: &TypeSpace,
    constraints: &Constraints,
    path: &TokenStream,
) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    if constraints.is_empty() {
        return checks;
    }
    let Access { by_ref, by_val, receiver } = access;
    let rules = quote!(crate::runtime::validate);
    match resolve(ty, types) {
        Ty::String => {
            if let Some(min) = constraints.min_length {
                let min = proc_macro2::Literal::u64_unsuffixed(min);
                checks.push(quote!(#rules::min_length(#path, #by_ref, #min)?;));
            }
            if let Some(max) = constraints.max_length {
                let max = proc_macro2::Literal::u64_unsuffixed(max);
                checks.push(quote!(#rules::max_length(#path, #by_ref, #max)?;));
            }
            if let Some(pattern) = &constraints.pattern {
                checks.push(quote!(#rules::pattern(#path, #by_ref, #pattern)?;));
            }
            if constraints.email {
                checks.push(quote!(#rules::email(#path, #by_ref)?;));
            }
        }
        number @ (Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64) => {
            let as_f64 = match number {
                Ty::I64 => quote!(#by_val as f64),
                Ty::F64 => quote!(#by_val),
                _ => quote!(f64::from(#by_val)),
            };
            if let Some(min) = constraints.minimum.filter(|min| min.is_finite()) {
                let min = proc_macro2::Literal::f64_unsuffixed(min);
                let exclusive = constraints.exclusive_minimum;
                checks.push(quote!(#rules::minimum(#path, #as_f64, #min, #exclusive)?;));
            }
            if let Some(max) = constraints.maximum.filter(|max| max.is_finite()) {
                let max = proc_macro2::Literal::f64_unsuffixed(max);
                let exclusive = constraints.exclusive_maximum;
                checks.push(quote!(#rules::maximum(#path, #as_f64, #max, #exclusive)?;));
            }
        }
        Ty::Vec(_) | Ty::Map(_) => {
            if let Some(min) = constraints.min_items {
                let min = proc_macro2::Literal::u64_unsuffixed(min);
                checks.push(quote!(#rules::min_items(#path, #receiver.len(), #min)?;));
            }
            if let Some(max) = constraints.max_items {
                let max = proc_macro2::Literal::u64_unsuffixed(max);
                checks.push(quote!(#rules::max_items(#path, #receiver.len(), #max)?;));
            }
        }
        _ => {}
    }
    checks
}

/// The checks of one member that may be absent (`optional`): wrapped in `if let Some(value)`.
pub fn member_checks(
    ident: &proc_macro2::Ident,
    optional: bool,
    ty: &Ty,
    types: &TypeSpace,
    constraints: &Constraints,
    path: &TokenStream,
) -> Option<TokenStream> {
    let access = if optional { Access::bound() } else { Access::field(ident) };
    let checks = value_checks(&access, ty, types, constraints, path);
    if checks.is_empty() {
        return None;
    }
    Some(if optional {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#ident {
                #(#checks)*
            }
        }
    } else {
        quote!(#(#checks)*)
    })
}
