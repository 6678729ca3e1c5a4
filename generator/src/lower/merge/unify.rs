//! Inferred types that are the overlay's entities under another position: the collection's
//! `Offering` inside `CreateAccountRequest`, its `ApiError` where the overlay says `ErrorDetail`.
//! References to them are redirected to the overlay's type, which states what they are, so an
//! API has one type per entity whichever source showed it.

use indexmap::IndexSet;

use crate::ir::{Api, Ty, TypeId, TypeKind};

/// Redirects base types (ids below `offset`) to overlay types (ids from `offset`) that are the
/// same entity: the same name and kind, or the same set of member names (structs with two or
/// more members, or one member of the same type) or of values (enums). Returns whether any
/// reference changed.
pub fn unify(api: &mut Api, offset: usize) -> bool {
    let count = api.types.types.len();
    let mut redirect: Vec<usize> = (0..count).collect();
    // A one-member struct matches only once its member's type does, which may take a round.
    for _ in 0..8 {
        let mut changed = false;
        for index in 0..offset.min(count) {
            if redirect[index] != index {
                continue;
            }
            let found = (offset..count).find(|&target| same_entity(api, index, target, &redirect));
            if let Some(target) = found {
                redirect[index] = target;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    if redirect.iter().enumerate().all(|(i, r)| i == *r) {
        return false;
    }
    super::remap_api(api, &|id| TypeId(redirect.get(id.0).copied().unwrap_or(id.0)));
    true
}

fn same_entity(api: &Api, base: usize, overlay: usize, redirect: &[usize]) -> bool {
    let (b, o) = (&api.types.types[base], &api.types.types[overlay]);
    match (&b.kind, &o.kind) {
        (TypeKind::Struct(bs), TypeKind::Struct(os)) => {
            if b.name == o.name {
                return true;
            }
            let names =
                |fields: &[crate::ir::Field]| fields.iter().map(|f| f.wire_name.clone()).collect::<IndexSet<_>>();
            let (bn, on) = (names(&bs.fields), names(&os.fields));
            if bn.is_empty() || bn.len() != on.len() || !bn.iter().all(|n| on.contains(n)) {
                return false;
            }
            bs.fields.len() >= 2 || bs.fields.iter().zip(&os.fields).all(|(bf, of)| same_ty(&bf.ty, &of.ty, redirect))
        }
        (TypeKind::Enum(be), TypeKind::Enum(oe)) => {
            if b.name == o.name {
                return true;
            }
            let values = |e: &crate::ir::Enum| e.variants.iter().map(|v| v.wire_name.clone()).collect::<IndexSet<_>>();
            let (bv, ov) = (values(be), values(oe));
            !bv.is_empty() && bv.len() == ov.len() && bv.iter().all(|v| ov.contains(v))
        }
        _ => false,
    }
}

/// Whether two types are the same once redirected base ids are followed (`Option` ignored:
/// inference and the overlay disagree on optionality more often than on shape).
fn same_ty(a: &Ty, b: &Ty, redirect: &[usize]) -> bool {
    match (a, b) {
        (Ty::Option(a), b) | (b, Ty::Option(a)) => same_ty(a, b, redirect),
        (Ty::Named(a), Ty::Named(b)) => {
            redirect.get(a.0).copied().unwrap_or(a.0) == redirect.get(b.0).copied().unwrap_or(b.0)
        }
        (Ty::Vec(a), Ty::Vec(b)) | (Ty::Map(a), Ty::Map(b)) | (Ty::Loose(a), Ty::Loose(b)) => same_ty(a, b, redirect),
        (a, b) => a == b,
    }
}
