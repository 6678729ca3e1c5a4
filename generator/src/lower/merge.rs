//! Merging a later source (an OpenAPI overlay) on top of an earlier one, by method and path.
//!
//! The overlay states types; the base (typically a Postman collection) shows examples. For an
//! operation both have, the overlay's body and parameter types replace what was inferred, while
//! the base keeps its operation name, its examples and its docs (the overlay's docs fill gaps).
//! Each base example is checked against the overlay's type, and a contradiction is a warning.
//! Operations only one side has are kept. Inferred types nothing refers to any more are dropped.

mod example;
mod unify;

use indexmap::{IndexMap, IndexSet};

use crate::diag::Diagnostics;
use crate::ir::{self, Operation, Param, ParamLocation, PathSegment, Ty, TypeId, TypeKind};
use crate::naming;

/// Merges `overlay` into `base`. Operations match by method and path template (parameter names
/// ignored); the overlay's schemas replace what was inferred, the base keeps what only it has.
pub fn merge(mut base: ir::Api, overlay: ir::Api, diags: &mut Diagnostics) -> ir::Api {
    let base_type_count = base.types.types.len();
    let offset = base_type_count;
    for mut def in overlay.types.types {
        remap_def(&mut def, &|id| TypeId(id.0 + offset));
        base.types.types.push(def);
    }
    let auth_map = merge_auth(&mut base.auth_schemes, overlay.auth_schemes);
    let mut by_key: IndexMap<(String, String), usize> = IndexMap::new();
    for (index, operation) in base.operations.iter().enumerate() {
        by_key.entry(match_key(operation)).or_insert(index);
    }
    let mut refined = vec![false; base.operations.len()];
    for mut operation in overlay.operations {
        remap_operation(&mut operation, &|id| TypeId(id.0 + offset));
        operation.auth = operation.auth.iter().filter_map(|i| auth_map.get(*i).copied()).collect();
        match by_key.get(&match_key(&operation)) {
            Some(&index) => {
                refine(&mut base.operations[index], operation, &base.types, diags);
                refined[index] = true;
            }
            None => base.operations.push(operation),
        }
    }
    if unify::unify(&mut base, offset) {
        // Operations the overlay does not describe may now hold its types too.
        for (operation, _) in base.operations.iter().zip(&refined).filter(|(_, refined)| !**refined) {
            check_operation_examples(operation, &base.types, diags);
        }
    }
    base.base_url = base.base_url.take().or(overlay.base_url);
    base.title = base.title.take().or(overlay.title);
    base.docs = base.docs.take().or(overlay.docs);
    drop_unreferenced(&mut base, offset);
    base
}

/// Method and path with every parameter written `{}` and no trailing slash.
fn match_key(operation: &Operation) -> (String, String) {
    let mut path = String::new();
    for segment in &operation.path_segments {
        match segment {
            PathSegment::Literal(text) => path.push_str(text),
            PathSegment::Param(_) => path.push_str("{}"),
        }
    }
    if operation.path_segments.is_empty() {
        path = operation.path.clone();
    }
    let trimmed = path.trim_end_matches('/');
    (operation.method.to_ascii_uppercase(), if trimmed.is_empty() { "/".to_owned() } else { trimmed.to_owned() })
}

/// Overlay scheme index -> base scheme index: the same kind of credential is the same scheme.
fn merge_auth(base: &mut Vec<ir::AuthScheme>, overlay: Vec<ir::AuthScheme>) -> Vec<usize> {
    let mut taken: IndexSet<String> = base.iter().map(|s| s.name.clone()).collect();
    overlay
        .into_iter()
        .map(|mut scheme| match base.iter().position(|b| b.kind == scheme.kind) {
            Some(index) => {
                if base[index].docs.is_none() {
                    base[index].docs = scheme.docs;
                }
                index
            }
            None => {
                scheme.name = naming::unique(scheme.name, &mut taken);
                base.push(scheme);
                base.len() - 1
            }
        })
        .collect()
}

/// Refines a base operation with what the overlay says about the same endpoint.
fn refine(base: &mut Operation, overlay: Operation, types: &ir::TypeSpace, diags: &mut Diagnostics) {
    merge_params(base, &overlay);
    if let Some(body) = overlay.body {
        let examples = base.body.as_ref().map(|b| b.examples.clone()).unwrap_or_default();
        let docs = base.body.as_ref().and_then(|b| b.docs.clone()).or(body.docs);
        if let ir::BodyKind::Json { ty, .. } = &body.kind {
            check_examples(&examples, ty, types, "request body", diags);
        }
        let examples = if examples.is_empty() { body.examples } else { examples };
        base.body = Some(ir::RequestBody { kind: body.kind, required: body.required, docs, examples });
    }
    for response in overlay.responses {
        let Some(existing) = base.responses.iter_mut().find(|r| r.status == response.status) else {
            base.responses.push(response);
            continue;
        };
        if let Some(body) = response.body {
            if let ir::ResponseBody::Json { ty, .. } = &body {
                let what = format!("response {}", status_text(response.status));
                check_examples(&existing.examples, ty, types, &what, diags);
            }
            existing.body = Some(body);
        }
        existing.docs = existing.docs.take().or(response.docs);
        if existing.examples.is_empty() {
            existing.examples = response.examples;
        }
    }
    if base.auth.is_empty() {
        base.auth = overlay.auth;
    }
    base.summary = base.summary.take().or(overlay.summary);
    base.docs = base.docs.take().or(overlay.docs);
}

fn status_text(status: ir::StatusMatch) -> String {
    match status {
        ir::StatusMatch::Code(code) => code.to_string(),
        ir::StatusMatch::Range(class) => format!("{class}XX"),
        ir::StatusMatch::Default => "default".into(),
    }
}

/// Warns, at the example, about every example that the overlay's type would not decode.
fn check_examples(examples: &[ir::Example], ty: &Ty, types: &ir::TypeSpace, what: &str, diags: &mut Diagnostics) {
    for example in examples {
        let problems = example::contradictions(&example.value, ty, types);
        if !problems.is_empty() {
            diags.warning(
                "example-contradicts-schema",
                &example.location,
                format!("the {what} example contradicts the overlay's schema: {}", example::summary(&problems)),
            );
        }
    }
}

fn check_operation_examples(operation: &Operation, types: &ir::TypeSpace, diags: &mut Diagnostics) {
    if let Some(ir::RequestBody { kind: ir::BodyKind::Json { ty, .. }, examples, .. }) = &operation.body {
        check_examples(examples, ty, types, "request body", diags);
    }
    for response in &operation.responses {
        if let Some(ir::ResponseBody::Json { ty, .. }) = &response.body {
            let what = format!("response {}", status_text(response.status));
            check_examples(&response.examples, ty, types, &what, diags);
        }
    }
}

/// Path parameters match by position (their names may differ); query and header parameters by
/// wire name (headers case-insensitively). The overlay types them; the base keeps its names.
fn merge_params(base: &mut Operation, overlay: &Operation) {
    let base_path: Vec<usize> = path_params(base);
    let overlay_path: Vec<usize> = path_params(overlay);
    let mut taken: IndexSet<String> = base.params.iter().map(|p| p.name.clone()).collect();
    for (position, param) in overlay.params.iter().enumerate() {
        let found = match param.location {
            ParamLocation::Path => {
                overlay_path.iter().position(|p| *p == position).and_then(|nth| base_path.get(nth).copied())
            }
            ParamLocation::Query => {
                base.params.iter().position(|b| b.location == ParamLocation::Query && b.wire_name == param.wire_name)
            }
            ParamLocation::Header => base.params.iter().position(|b| {
                b.location == ParamLocation::Header && b.wire_name.eq_ignore_ascii_case(&param.wire_name)
            }),
        };
        match found {
            Some(index) => refine_param(&mut base.params[index], param),
            None if param.location != ParamLocation::Path => {
                let mut added = param.clone();
                added.name = naming::unique(added.name, &mut taken);
                base.params.push(added);
            }
            None => {}
        }
    }
}

fn path_params(operation: &Operation) -> Vec<usize> {
    operation.path_segments.iter().filter_map(|s| if let PathSegment::Param(i) = s { Some(*i) } else { None }).collect()
}

fn refine_param(base: &mut Param, overlay: &Param) {
    base.ty = overlay.ty.clone();
    base.required = overlay.required || base.location == ParamLocation::Path;
    base.constraints = overlay.constraints.clone();
    if base.docs.is_none() {
        base.docs = overlay.docs.clone();
    }
    if base.example.is_none() {
        base.example = overlay.example.clone();
    }
}

/// Drops the base's (inferred) types that nothing refers to any more. Overlay types all stay:
/// an overlay may be a components-only fragment whose types are its point.
fn drop_unreferenced(api: &mut ir::Api, offset: usize) {
    let count = api.types.types.len();
    let mut keep = vec![false; count];
    let mut queue: Vec<usize> = (offset..count).collect();
    let visit = |ty: &Ty, queue: &mut Vec<usize>| collect_ids(ty, queue);
    for operation in &api.operations {
        for param in &operation.params {
            visit(&param.ty, &mut queue);
        }
        if let Some(body) = &operation.body {
            match &body.kind {
                ir::BodyKind::Json { ty, .. } | ir::BodyKind::Form { ty, .. } => visit(ty, &mut queue),
                _ => {}
            }
        }
        for response in &operation.responses {
            if let Some(ir::ResponseBody::Json { ty, .. }) = &response.body {
                visit(ty, &mut queue);
            }
        }
    }
    while let Some(id) = queue.pop() {
        if id >= count || keep[id] {
            continue;
        }
        keep[id] = true;
        let mut inner = Vec::new();
        for_each_ty(&api.types.types[id].kind, |ty| collect_ids(ty, &mut inner));
        queue.extend(inner);
    }
    if keep.iter().all(|k| *k) {
        return;
    }
    let mut new_index = vec![0; count];
    let mut next = 0;
    for (id, kept) in keep.iter().enumerate() {
        new_index[id] = next;
        if *kept {
            next += 1;
        }
    }
    let old = std::mem::take(&mut api.types.types);
    api.types.types = old.into_iter().zip(&keep).filter(|(_, k)| **k).map(|(def, _)| def).collect();
    remap_api(api, &|id| TypeId(new_index.get(id.0).copied().unwrap_or(id.0)));
}

fn collect_ids(ty: &Ty, out: &mut Vec<usize>) {
    match ty {
        Ty::Named(id) => out.push(id.0),
        Ty::Loose(of) | Ty::Vec(of) | Ty::Map(of) | Ty::Option(of) => collect_ids(of, out),
        _ => {}
    }
}

fn for_each_ty(kind: &TypeKind, mut f: impl FnMut(&Ty)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|field| f(&field.ty));
            if let Some(additional) = &s.additional {
                f(additional);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| f(&v.ty)),
        TypeKind::Alias(ty) => f(ty),
        TypeKind::Enum(_) => {}
    }
}

fn remap_ty(ty: &mut Ty, map: &dyn Fn(TypeId) -> TypeId) {
    match ty {
        Ty::Named(id) => *id = map(*id),
        Ty::Loose(of) | Ty::Vec(of) | Ty::Map(of) | Ty::Option(of) => remap_ty(of, map),
        _ => {}
    }
}

fn remap_def(def: &mut ir::TypeDef, map: &dyn Fn(TypeId) -> TypeId) {
    match &mut def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|field| remap_ty(&mut field.ty, map));
            if let Some(additional) = &mut s.additional {
                remap_ty(additional, map);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| remap_ty(&mut v.ty, map)),
        TypeKind::Alias(ty) => remap_ty(ty, map),
        TypeKind::Enum(_) => {}
    }
}

fn remap_operation(operation: &mut Operation, map: &dyn Fn(TypeId) -> TypeId) {
    operation.params.iter_mut().for_each(|p| remap_ty(&mut p.ty, map));
    if let Some(body) = &mut operation.body {
        if let ir::BodyKind::Json { ty, .. } | ir::BodyKind::Form { ty, .. } = &mut body.kind {
            remap_ty(ty, map);
        }
    }
    for response in &mut operation.responses {
        if let Some(ir::ResponseBody::Json { ty, .. }) = &mut response.body {
            remap_ty(ty, map);
        }
    }
}

fn remap_api(api: &mut ir::Api, map: &dyn Fn(TypeId) -> TypeId) {
    api.types.types.iter_mut().for_each(|def| remap_def(def, map));
    api.operations.iter_mut().for_each(|op| remap_operation(op, map));
}

#[cfg(test)]
mod tests;
