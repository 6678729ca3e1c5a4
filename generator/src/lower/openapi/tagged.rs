//! Internally tagged unions: serde reads and writes the tag member itself, so the variant types
//! must not also have it as a field (decoding would miss it, encoding would write it twice).
//! OpenAPI puts the discriminator property in every alternative's schema; each alternative of a
//! tagged union therefore gets a copy without it, named after the union and the variant. The
//! original stays as it is for the places that use it on its own.

use super::Cx;
use crate::ir::{Struct, Ty, TypeDef, TypeKind};

pub fn strip_tags(cx: &mut Cx) {
    for union_index in 0..cx.types.types.len() {
        let TypeKind::Union(union) = &cx.types.types[union_index].kind else {
            continue;
        };
        let Some(tag) = union.discriminator.clone() else {
            continue;
        };
        let union_name = cx.types.types[union_index].name.clone();
        let variants: Vec<(usize, Ty, String)> =
            union.variants.iter().enumerate().map(|(i, v)| (i, v.ty.clone(), v.name.clone())).collect();
        for (position, ty, variant_name) in variants {
            let Ty::Named(id) = ty else { continue };
            let Some(def) = cx.types.types.get(id.0) else {
                continue;
            };
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            if !s.fields.iter().any(|f| f.wire_name == tag) {
                continue;
            }
            let fields = s.fields.iter().filter(|f| f.wire_name != tag).cloned().collect();
            let mut copy = TypeDef {
                name: String::new(),
                docs: def.docs.clone(),
                kind: TypeKind::Struct(Struct { fields, additional: s.additional.clone() }),
                location: def.location.clone(),
            };
            copy.name = cx.type_name(&format!("{union_name}{variant_name}"));
            let copy_id = cx.types.add(copy);
            if let TypeKind::Union(union) = &mut cx.types.types[union_index].kind {
                union.variants[position].ty = Ty::Named(copy_id);
            }
        }
    }
}
