//! Cross-cutting rules on the lowered IR, in one place: unique Rust names, dangling type
//! references, conflicts. Runs after merging and before emission; the emitters may assume it.

use indexmap::IndexSet;

use crate::diag::Diagnostics;
use crate::ir::{Api, Ty, TypeKind};
use crate::naming;

/// Checks `api` and repairs what can be repaired (a duplicate name gets a unique one), reporting
/// each repair. What cannot be repaired is an error.
pub fn check(api: &mut Api, diags: &mut Diagnostics) {
    unique_operation_names(api, diags);
    unique_type_names(api, diags);
    dangling_references(api, diags);
}

fn unique_operation_names(api: &mut Api, diags: &mut Diagnostics) {
    let mut taken = IndexSet::new();
    for operation in &mut api.operations {
        let wanted = operation.name.clone();
        operation.name = naming::unique(wanted.clone(), &mut taken);
        if operation.name != wanted {
            diags.warning(
                "duplicate-operation-name",
                &operation.location,
                format!("two operations are named `{wanted}`; this one is emitted as `{}`", operation.name),
            );
        }
    }
}

fn unique_type_names(api: &mut Api, diags: &mut Diagnostics) {
    // Emitted code names every type by absolute path and the models module imports nothing, so a
    // model may be called `Error` or `Option` without shadowing anything.
    let mut taken: IndexSet<String> = IndexSet::new();
    for def in &mut api.types.types {
        let wanted = def.name.clone();
        def.name = naming::unique(wanted.clone(), &mut taken);
        if def.name != wanted {
            diags.warning(
                "duplicate-type-name",
                &def.location,
                format!("two types are named `{wanted}`; this one is emitted as `{}`", def.name),
            );
        }
    }
}

fn dangling_references(api: &Api, diags: &mut Diagnostics) {
    let count = api.types.types.len();
    let mut report = |ty: &Ty, at: &crate::ir::Location| {
        if let Some(id) = first_dangling(ty, count) {
            diags.error("dangling-type", at, format!("internal: reference to type #{id} which does not exist"));
        }
    };
    for def in &api.types.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    report(&field.ty, &def.location);
                }
                if let Some(ty) = &s.additional {
                    report(ty, &def.location);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| report(&v.ty, &def.location)),
            TypeKind::Alias(ty) => report(ty, &def.location),
            TypeKind::Enum(_) => {}
        }
    }
}

fn first_dangling(ty: &Ty, count: usize) -> Option<usize> {
    match ty {
        Ty::Named(id) if id.0 >= count => Some(id.0),
        Ty::Loose(inner) | Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => first_dangling(inner, count),
        _ => None,
    }
}
