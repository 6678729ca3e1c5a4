//! Finishing: structurally identical types become one, recursion is boxed, and the result is
//! appended to the API's [`TypeSpace`].
//!
//! SendGrid's error body appears under seventy operation names with the same fields; after
//! merging it is one type, named after its content (`Errors`) rather than after the first
//! operation that happened to return it.

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};

use super::build::Built;
use super::sites::GENERIC_KEYS;
use crate::ir::{Location, Ty, TypeDef, TypeId, TypeKind, TypeSpace};
use crate::naming;

/// `ty` with every `Named` id passed through `map`.
fn remap(ty: &Ty, map: &dyn Fn(usize) -> usize) -> Ty {
    match ty {
        Ty::Named(id) => Ty::Named(TypeId(map(id.0))),
        Ty::Loose(of) => Ty::Loose(Box::new(remap(of, map))),
        Ty::Vec(of) => Ty::Vec(Box::new(remap(of, map))),
        Ty::Map(of) => Ty::Map(Box::new(remap(of, map))),
        Ty::Option(of) => Ty::Option(Box::new(remap(of, map))),
        other => other.clone(),
    }
}

/// The shape of a struct with references seen through `class`: equal signatures, same type.
fn signature(def: &TypeDef, class: &[usize]) -> String {
    let TypeKind::Struct(s) = &def.kind else {
        return format!("#{}", def.name);
    };
    let mut fields: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            let ty = remap(&f.ty, &|id| class.get(id).copied().unwrap_or(id));
            format!("{}|{}|{}|{:?}", f.wire_name, f.optional, f.nullable, ty)
        })
        .collect();
    fields.sort();
    format!("{:?}/{}", s.additional, fields.join(","))
}

/// For each def, the first def with the same structure (to a fixpoint, since merging referenced
/// types can make their referrers equal).
fn classes(defs: &[TypeDef]) -> Vec<usize> {
    let mut class: Vec<usize> = (0..defs.len()).collect();
    loop {
        let mut first: HashMap<String, usize> = HashMap::new();
        let next: Vec<usize> =
            defs.iter().enumerate().map(|(i, def)| *first.entry(signature(def, &class)).or_insert(i)).collect();
        if next == class {
            return class;
        }
        class = next;
    }
}

/// The name of a merged class: the entity name, a shared suffix word, or a content name.
fn class_name(members: &[usize], defs: &[TypeDef], keyed: &[bool]) -> String {
    let names: IndexSet<&str> = members.iter().map(|&m| defs[m].name.as_str()).collect();
    let first = names.first().copied().unwrap_or("Value");
    if names.len() == 1 {
        return first.to_owned();
    }
    let keyed_names: IndexSet<&str> =
        members.iter().filter(|&&m| keyed.get(m).copied().unwrap_or(false)).map(|&m| defs[m].name.as_str()).collect();
    if let Some(first_keyed) = keyed_names.first() {
        let lasts: IndexSet<&str> =
            keyed_names.iter().filter_map(|n| naming::pascal_words(n).last().copied()).collect();
        if keyed_names.len() >= 2 && lasts.len() == 1 {
            return lasts.first().map(|w| (*w).to_owned()).unwrap_or_default();
        }
        return (*first_keyed).to_owned();
    }
    // Only operation-derived names: a one-field wrapper is named after its field.
    if let Some(TypeKind::Struct(s)) = members.first().map(|&m| &defs[m].kind) {
        let generic = |wire: &str| GENERIC_KEYS.contains(&wire.to_ascii_lowercase().as_str());
        if let [field] = s.fields.as_slice().iter().filter(|f| !generic(&f.wire_name)).collect::<Vec<_>>().as_slice() {
            let field = *field;
            if s.fields.len() != 1 {
                return first.to_owned();
            }
            let name = naming::pascal(&field.wire_name);
            let inner_api =
                named_in(&field.ty).is_some_and(|id| defs.get(id).is_some_and(|d| d.name.starts_with("Api")));
            return if inner_api { format!("Api{name}") } else { name };
        }
    }
    first.to_owned()
}

fn named_in(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Named(id) => Some(id.0),
        Ty::Loose(of) | Ty::Vec(of) | Ty::Map(of) | Ty::Option(of) => named_in(of),
        _ => None,
    }
}

/// Drops the types no slot reaches (a struct seen only where a conflict made the field
/// `serde_json::Value`). Returns the kept types and the old-to-new index map.
fn prune(defs: Vec<TypeDef>, roots: &[Ty]) -> (Vec<TypeDef>, HashMap<usize, usize>) {
    let mut reached = vec![false; defs.len()];
    let mut stack: Vec<usize> = roots.iter().flat_map(all_named).collect();
    while let Some(id) = stack.pop() {
        if reached.get(id).copied().unwrap_or(true) {
            continue;
        }
        reached[id] = true;
        if let TypeKind::Struct(s) = &defs[id].kind {
            stack.extend(s.fields.iter().flat_map(|f| all_named(&f.ty)));
        }
    }
    let kept: HashMap<usize, usize> =
        (0..defs.len()).filter(|&id| reached[id]).enumerate().map(|(new, old)| (old, new)).collect();
    let map = |id: usize| kept.get(&id).copied().unwrap_or(0);
    let out = defs
        .into_iter()
        .enumerate()
        .filter(|(id, _)| reached[*id])
        .map(|(_, mut def)| {
            if let TypeKind::Struct(s) = &mut def.kind {
                for field in &mut s.fields {
                    field.ty = remap(&field.ty, &map);
                }
            }
            def
        })
        .collect();
    (out, kept)
}

fn all_named(ty: &Ty) -> Vec<usize> {
    named_in(ty).into_iter().collect()
}

/// A field type that holds the named type inline (not behind a `Vec` or map).
fn direct_target(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Named(id) => Some(id.0),
        Ty::Option(of) | Ty::Loose(of) => direct_target(of),
        _ => None,
    }
}

/// Marks `boxed` on every field that closes a cycle of inline references.
fn box_cycles(defs: &mut [TypeDef]) {
    // 0: unvisited, 1: on the current path, 2: done.
    fn visit(node: usize, defs: &mut [TypeDef], state: &mut [u8]) {
        state[node] = 1;
        let targets: Vec<(usize, usize)> = match &defs[node].kind {
            TypeKind::Struct(s) => {
                s.fields.iter().enumerate().filter_map(|(i, f)| direct_target(&f.ty).map(|t| (i, t))).collect()
            }
            _ => Vec::new(),
        };
        for (field, target) in targets {
            match state.get(target) {
                Some(1) => {
                    if let TypeKind::Struct(s) = &mut defs[node].kind {
                        if let Some(field) = s.fields.get_mut(field) {
                            field.boxed = true;
                        }
                    }
                }
                Some(0) => visit(target, defs, state),
                _ => {}
            }
        }
        state[node] = 2;
    }
    let mut state = vec![0u8; defs.len()];
    for node in 0..defs.len() {
        if state[node] == 0 {
            visit(node, defs, &mut state);
        }
    }
}

/// How many examples must show a record before its members can be required: one example shows
/// what its author chose to fill in, not what the API demands. A request type that required
/// everything its one example held would make a caller invent values, and a response type would
/// fail on the first real body that leaves a member out.
const REQUIRED_AFTER: usize = 2;

/// Makes every member optional in the records seen in fewer than [`REQUIRED_AFTER`] examples,
/// counting the examples of every record of the same shape (SendGrid's error body, seen once in
/// each of seventy operations, keeps its required members).
fn require_evidence(defs: &mut [TypeDef], evidence: &[IndexSet<Location>]) {
    let class = classes(defs);
    let mut seen: HashMap<usize, IndexSet<&Location>> = HashMap::new();
    for (def, &rep) in class.iter().enumerate() {
        seen.entry(rep).or_default().extend(evidence.get(def).into_iter().flatten());
    }
    for (def, rep) in defs.iter_mut().zip(&class) {
        let shown = seen.get(rep).map_or(0, IndexSet::len);
        if let TypeKind::Struct(s) = &mut def.kind {
            if shown < REQUIRED_AFTER {
                s.fields.iter_mut().for_each(|field| field.optional = true);
            }
        }
    }
}

pub(super) fn finalize(built: Built, types: &mut TypeSpace) -> Vec<Ty> {
    let Built { mut defs, keyed, evidence, slot_tys } = built;
    require_evidence(&mut defs, &evidence);
    let class = classes(&defs);
    let mut members: IndexMap<usize, Vec<usize>> = IndexMap::new();
    for (i, &c) in class.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    let new_index: HashMap<usize, usize> = members.keys().enumerate().map(|(new, &old)| (old, new)).collect();
    let offset = types.types.len();
    let local = |id: usize| -> usize {
        let rep = class.get(id).copied().unwrap_or(id);
        new_index.get(&rep).copied().unwrap_or(0)
    };
    // Names: the merged name when it is free, else the first member's (already unique) name.
    let mut taken: IndexSet<String> = ["Client", "Error", "Response"].into_iter().map(String::from).collect();
    taken.extend(types.types.iter().map(|d| d.name.clone()));
    let wanted: Vec<String> = members.values().map(|list| class_name(list, &defs, &keyed)).collect();
    let firsts: Vec<String> = members.keys().map(|&rep| defs[rep].name.clone()).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for name in wanted.iter().chain(firsts.iter().zip(&wanted).filter(|(f, w)| f != w).map(|(f, _)| f)) {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let mut out: Vec<TypeDef> = Vec::new();
    for ((&rep, want), first) in members.keys().zip(&wanted).zip(&firsts) {
        let mut def = defs[rep].clone();
        let free = counts.get(want.as_str()).copied().unwrap_or(0) <= 1 && !taken.contains(want);
        let chosen = if free { want.clone() } else { first.clone() };
        def.name = naming::unique(chosen, &mut taken);
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.ty = remap(&field.ty, &local);
            }
        }
        out.push(def);
    }
    let slot_tys: Vec<Ty> = slot_tys.iter().map(|ty| remap(ty, &local)).collect();
    let out = prune(out, &slot_tys);
    let (mut out, kept) = out;
    let slot_tys: Vec<Ty> = slot_tys.iter().map(|ty| remap(ty, &|id| kept.get(&id).copied().unwrap_or(0))).collect();
    box_cycles(&mut out);
    let shift = |id: usize| id + offset;
    for def in &mut out {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.ty = remap(&field.ty, &shift);
            }
        }
    }
    types.types.extend(out);
    slot_tys.iter().map(|ty| remap(ty, &shift)).collect()
}
