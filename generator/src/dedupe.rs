//! One definition per distinct shape: structurally identical types of the merged IR become one.
//!
//! Vendors describe the same body many times: an error object inline under every status of
//! every operation, an address inline in each resource that has one, a component copied under a
//! second name. Lowering names each position, so without this pass every copy would be its own
//! type.
//!
//! # What "the same shape" means
//!
//! Two types have the same shape when a value of one is exactly a value of the other on the wire
//! and in Rust:
//!
//! - structs: the same fields in the same order, each with the same Rust and wire name, type,
//!   optionality, nullability, validation constraints and default, and the same treatment of
//!   unknown members;
//! - enums: the same wire values in the same order;
//! - unions: the same discriminator, and the same alternatives (type and tag) in the same order;
//! - aliases: the same target.
//!
//! Docs, the type's own name, union variant names and `Box`es are not part of the shape: two
//! copies described in different words are still one type. Types referred to inside are compared
//! by their own shape, so nested copies collapse together with their parents, and recursive
//! types compare correctly: the classes are the coarsest partition that is stable under following
//! the references (Moore's refinement, started from "everything is one class").
//!
//! # Which definition survives
//!
//! A documented name (an OpenAPI component) beats a name made up from a position; among equals
//! the shortest name wins, then the alphabetically first, so the choice does not depend on the
//! order in which the document was read. Other documented names of the same shape stay, as
//! `pub type` aliases of the survivor, so every name the vendor documents is still there.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::ir::{Api, BodyKind, Constraints, ResponseBody, Ty, TypeDef, TypeId, TypeKind, TypeSpace};
use crate::naming;

/// Merges every set of structurally identical types of `api` into one definition and points
/// every reference at it. Returns how many definitions were removed.
pub fn dedupe(api: &mut Api) -> usize {
    let Plan { class, survivor, keep, rename } = plan(&api.types);
    let count = survivor.len();
    let old = std::mem::take(&mut api.types.types);
    // New ids: kept types in their original order.
    let mut new_id = vec![usize::MAX; old.len()];
    let mut next = 0;
    for (index, kept) in keep.iter().enumerate() {
        if *kept {
            new_id[index] = next;
            next += 1;
        }
    }
    let target = |id: usize| new_id[survivor[class[id]]];
    let removed = old.len() - next;
    let mut fill_docs: Vec<Option<String>> = vec![None; count];
    let mut boxes: Vec<Vec<bool>> = vec![Vec::new(); count];
    for (index, def) in old.iter().enumerate() {
        // Only a removed copy gives its docs away: a documented name keeps its own.
        let slot = &mut fill_docs[class[index]];
        if slot.is_none() && !keep[index] {
            slot.clone_from(&def.docs);
        }
        if let TypeKind::Struct(s) = &def.kind {
            let flags = &mut boxes[class[index]];
            flags.resize(s.fields.len(), false);
            for (flag, field) in flags.iter_mut().zip(&s.fields) {
                *flag |= field.boxed;
            }
        }
    }
    for (index, mut def) in old.into_iter().enumerate() {
        if !keep[index] {
            continue;
        }
        let class_of = class[index];
        if survivor[class_of] != index {
            // A second documented name for the survivor's shape.
            def.kind = TypeKind::Alias(Ty::Named(TypeId(new_id[survivor[class_of]])));
        } else {
            if def.docs.is_none() {
                def.docs = fill_docs[class_of].take();
            }
            if let Some(name) = &rename[class_of] {
                def.name.clone_from(name);
            }
            // A copy may have been the one that closed a cycle; keeping every box any copy had
            // keeps every cycle of the merged graph broken.
            if let TypeKind::Struct(s) = &mut def.kind {
                for (field, boxed) in s.fields.iter_mut().zip(&boxes[class_of]) {
                    field.boxed |= *boxed;
                }
            }
        }
        remap_def(&mut def, &target);
        api.types.types.push(def);
    }
    remap_operations(api, &target);
    removed
}

/// What the pass does to a type space: each type's shape class, each class's surviving type, and
/// which types stay (survivors and documented names).
pub struct Plan {
    pub class: Vec<usize>,
    pub survivor: Vec<usize>,
    pub keep: Vec<bool>,
    /// The new name of each class's survivor, when its copies share a better one.
    pub rename: Vec<Option<String>>,
}

impl Plan {
    /// How many definitions the pass removes: the structural copies.
    pub fn copies(&self) -> usize {
        self.keep.iter().filter(|kept| !**kept).count()
    }
}

/// Decides the survivors of `types` without changing anything.
pub fn plan(types: &TypeSpace) -> Plan {
    let class = classes(types);
    let count = class.iter().copied().max().map_or(0, |max| max + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, class) in class.iter().enumerate() {
        members[*class].push(index);
    }
    let mut survivor = vec![0; count];
    let mut keep = vec![false; types.types.len()];
    for (class, list) in members.iter().enumerate() {
        let best = list.iter().copied().min_by(|a, b| rank(types, *a).cmp(&rank(types, *b)));
        let best = best.unwrap_or_default();
        survivor[class] = best;
        for &index in list {
            keep[index] = index == best || is_documented(types.get(TypeId(index)));
        }
    }
    let rename = shared_names(types, &members, &survivor, &keep);
    Plan { class, survivor, keep, rename }
}

/// Words the generator appends to name a position; alone, they say nothing about the content.
const POSITION_WORDS: &[&str] =
    &["Response", "Request", "Item", "Object", "Enum", "Union", "Type", "Value", "Data", "Body", "Param", "Params"];

/// A class of several made-up names is named by the words all of them end in, when there are
/// such words: `BillingAddress` and `ShippingAddress` are an `Address`, the `NotFoundError` and
/// `UnauthorizedError` bodies of every operation are one `Error`. A name stays as it is when the
/// shared words are only a position word (`Response`), when a type that stays already has that
/// name, or when two classes would share it; so the outcome does not depend on any order.
fn shared_names(types: &TypeSpace, members: &[Vec<usize>], survivor: &[usize], keep: &[bool]) -> Vec<Option<String>> {
    let wanted: Vec<Option<String>> = members
        .iter()
        .map(|list| {
            if list.len() < 2 || list.iter().any(|&index| is_documented(types.get(TypeId(index)))) {
                return None;
            }
            let names: Vec<Vec<&str>> =
                list.iter().map(|&index| naming::pascal_words(&types.get(TypeId(index)).name)).collect();
            let shortest = names.iter().map(Vec::len).min().unwrap_or(0);
            let common = (0..shortest)
                .take_while(|&back| {
                    let word = names[0][names[0].len() - 1 - back];
                    names.iter().all(|words| words[words.len() - 1 - back] == word)
                })
                .count();
            let first = &names[0];
            let mut suffix = &first[first.len() - common..];
            // `RequestPaymentMethodOptions`: a position word in front says nothing.
            while suffix.len() > 1 && POSITION_WORDS.contains(&suffix[0]) {
                suffix = &suffix[1..];
            }
            let generic = suffix.iter().all(|word| POSITION_WORDS.contains(word));
            let name = suffix.concat();
            let starts_well = name.starts_with(|c: char| c.is_ascii_uppercase());
            (!generic && starts_well).then_some(name)
        })
        .collect();
    let mut demand: HashMap<&str, usize> = HashMap::new();
    for name in wanted.iter().flatten() {
        *demand.entry(name.as_str()).or_default() += 1;
    }
    // Names that stay: every kept type's, except the survivors that are about to be renamed.
    let renamed: HashSet<usize> =
        survivor.iter().zip(&wanted).filter(|(_, name)| name.is_some()).map(|(index, _)| *index).collect();
    let staying: HashSet<&str> = (0..types.types.len())
        .filter(|index| keep[*index] && !renamed.contains(index))
        .map(|index| types.get(TypeId(index)).name.as_str())
        .collect();
    wanted
        .iter()
        .map(|name| {
            name.as_ref().filter(|name| demand[name.as_str()] == 1 && !staying.contains(name.as_str())).cloned()
        })
        .collect()
}

/// For each type, the index of its shape class: equal indexes, same shape (see the module docs).
/// Classes are numbered in order of their first member.
pub fn classes(types: &TypeSpace) -> Vec<usize> {
    // What a type says besides the classes of the types it refers to is written once, with
    // references as `#`; a round only compares the classes its references are in now.
    let mut bases: HashMap<String, usize> = HashMap::new();
    let parts: Vec<(usize, Vec<usize>)> = types
        .types
        .iter()
        .map(|def| {
            let mut refs = Vec::new();
            let base = signature(def, &mut refs);
            let fresh = bases.len();
            (*bases.entry(base).or_insert(fresh), refs)
        })
        .collect();
    let mut class = vec![0; types.types.len()];
    let mut count = 1.min(class.len());
    loop {
        let mut ids: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
        let next: Vec<usize> = parts
            .iter()
            .map(|(base, refs)| {
                let classes = refs.iter().map(|id| class.get(*id).copied().unwrap_or(usize::MAX)).collect();
                let fresh = ids.len();
                *ids.entry((*base, classes)).or_insert(fresh)
            })
            .collect();
        // Refinement only ever splits classes, so an unchanged count means a stable partition.
        let done = ids.len() == count;
        count = ids.len();
        class = next;
        if done {
            return class;
        }
    }
}

/// Whether the type carries a name the vendor documents (an OpenAPI component), as opposed to a
/// name made up from its position.
pub fn is_documented(def: &TypeDef) -> bool {
    ["/components/schemas/", "/definitions/"]
        .iter()
        .any(|prefix| def.location.pointer.strip_prefix(prefix).is_some_and(|name| !name.contains('/')))
}

/// Orders the candidates for survivor: documented first, then shorter, then alphabetical.
fn rank(types: &TypeSpace, index: usize) -> (bool, usize, &str) {
    let def = types.get(TypeId(index));
    (!is_documented(def), def.name.len(), def.name.as_str())
}

fn signature(def: &TypeDef, refs: &mut Vec<usize>) -> String {
    let mut out = String::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            out.push('S');
            for field in &s.fields {
                out.push('(');
                text(&mut out, &field.name);
                text(&mut out, &field.wire_name);
                write_ty(&mut out, &field.ty, refs);
                let _ = write!(out, "|{}{}|", field.optional, field.nullable);
                // Most fields have no constraint: formatting an empty set every time is a cost.
                if field.constraints != Constraints::default() {
                    let _ = write!(out, "{:?}", field.constraints);
                }
                out.push('|');
                if let Some(default) = &field.default {
                    out.push_str(&default.to_string());
                }
                out.push(')');
            }
            if let Some(additional) = &s.additional {
                out.push('+');
                write_ty(&mut out, additional, refs);
            }
        }
        TypeKind::Enum(e) => {
            out.push('E');
            for variant in &e.variants {
                text(&mut out, &variant.wire_name);
            }
        }
        TypeKind::Union(u) => {
            out.push('U');
            if let Some(discriminator) = &u.discriminator {
                text(&mut out, discriminator);
            }
            for variant in &u.variants {
                out.push('(');
                if let Some(tag) = &variant.tag {
                    text(&mut out, tag);
                }
                out.push('|');
                write_ty(&mut out, &variant.ty, refs);
                out.push(')');
            }
        }
        TypeKind::Alias(ty) => {
            out.push('A');
            write_ty(&mut out, ty, refs);
        }
    }
    out
}

/// Writes `text` so that no text can run into what follows it: its length, then itself (a name
/// or a wire name may hold any character, separators included).
fn text(out: &mut String, text: &str) {
    let _ = write!(out, "{}:{text}", text.len());
}

/// Writes `ty` with each named type as `#`, pushing its id on `refs`.
fn write_ty(out: &mut String, ty: &Ty, refs: &mut Vec<usize>) {
    let mut wrapped = |out: &mut String, tag: &str, of: &Ty| {
        out.push_str(tag);
        out.push('<');
        write_ty(out, of, refs);
        out.push('>');
    };
    match ty {
        Ty::Named(id) => {
            out.push('#');
            refs.push(id.0);
        }
        Ty::Loose(of) => wrapped(out, "Loose", of),
        Ty::Vec(of) => wrapped(out, "Vec", of),
        Ty::Map(of) => wrapped(out, "Map", of),
        Ty::Option(of) => wrapped(out, "Option", of),
        scalar => {
            let _ = write!(out, "{scalar:?}");
        }
    }
}

fn remap_ty(ty: &mut Ty, target: &dyn Fn(usize) -> usize) {
    match ty {
        Ty::Named(id) => *id = TypeId(target(id.0)),
        Ty::Loose(of) | Ty::Vec(of) | Ty::Map(of) | Ty::Option(of) => remap_ty(of, target),
        _ => {}
    }
}

fn remap_def(def: &mut TypeDef, target: &dyn Fn(usize) -> usize) {
    match &mut def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|field| remap_ty(&mut field.ty, target));
            if let Some(additional) = &mut s.additional {
                remap_ty(additional, target);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|variant| remap_ty(&mut variant.ty, target)),
        TypeKind::Alias(ty) => remap_ty(ty, target),
        TypeKind::Enum(_) => {}
    }
}

fn remap_operations(api: &mut Api, target: &dyn Fn(usize) -> usize) {
    for operation in &mut api.operations {
        operation.params.iter_mut().for_each(|param| remap_ty(&mut param.ty, target));
        if let Some(body) = &mut operation.body {
            match &mut body.kind {
                BodyKind::Json { ty, .. } | BodyKind::Form { ty, .. } => remap_ty(ty, target),
                BodyKind::Multipart { .. } | BodyKind::Binary { .. } | BodyKind::Text { .. } => {}
            }
        }
        for response in &mut operation.responses {
            if let Some(ResponseBody::Json { ty, .. }) = &mut response.body {
                remap_ty(ty, target);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::classes;
    use crate::ir::{Field, Location, Struct, Ty, TypeDef, TypeKind, TypeSpace};

    fn record(name: &str, fields: Vec<Field>) -> TypeDef {
        let kind = TypeKind::Struct(Struct { fields, additional: None });
        TypeDef { name: name.into(), docs: None, kind, location: Location::new("a.json", "") }
    }

    #[test]
    fn a_wire_name_holding_separators_is_not_another_field() {
        // One field whose wire name spells out a second field, against those two fields.
        let mut types = TypeSpace::default();
        types.add(record("One", vec![Field::new("a", "x|String|falsefalse||)(b|y", Ty::String)]));
        types.add(record("Two", vec![Field::new("a", "x", Ty::String), Field::new("b", "y", Ty::String)]));
        types.add(record("Copy", vec![Field::new("a", "x", Ty::String), Field::new("b", "y", Ty::String)]));
        assert_eq!(classes(&types), [0, 1, 1]);
    }
}
