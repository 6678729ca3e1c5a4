//! Cross-cutting rules on the lowered IR, in one place: unique Rust names, dangling type
//! references, conflicts. Runs after merging and before emission; the emitters may assume it.

use indexmap::IndexSet;

use crate::diag::Diagnostics;
use crate::ir::{Api, PathSegment, Ty, TypeKind};
use crate::naming;

/// Checks `api` and repairs what can be repaired (a duplicate name gets a unique one), reporting
/// each repair. What cannot be repaired is an error.
pub fn check(api: &mut Api, diags: &mut Diagnostics) {
    paths_stay_paths(api, diags);
    unique_operation_names(api, diags);
    unique_type_names(api, diags);
    dangling_references(api, diags);
    alias_cycles(api, diags);
}

/// A type alias that reaches itself through aliases alone (`A = Vec<B>`, `B = Vec<A>`, or after
/// deduplication `A = Vec<A>`) is a cycle rustc refuses (E0391): a struct would break it, an
/// alias cannot. Each such cycle is cut at its first alias, whose target becomes
/// `serde_json::Value` (any JSON, so nothing fails to decode), with a warning.
fn alias_cycles(api: &mut Api, diags: &mut Diagnostics) {
    while let Some(index) = first_cyclic_alias(&api.types.types) {
        let def = &mut api.types.types[index];
        def.kind = TypeKind::Alias(Ty::Any);
        diags.warning(
            "alias-cycle",
            &def.location,
            format!(
                "`{}` is defined through itself by aliases alone (a list of itself, or of an alias of it), which Rust cannot express as an alias; it is typed as any JSON value",
                def.name
            ),
        );
    }
}

/// The first alias that reaches itself through aliases alone, walked with an explicit stack (a
/// chain may be long).
fn first_cyclic_alias(types: &[crate::ir::TypeDef]) -> Option<usize> {
    fn named(ty: &Ty, out: &mut Vec<usize>) {
        match ty {
            Ty::Named(id) => out.push(id.0),
            Ty::Loose(inner) | Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => named(inner, out),
            _ => {}
        }
    }
    (0..types.len()).filter(|&start| matches!(types[start].kind, TypeKind::Alias(_))).find(|&start| {
        let mut seen = vec![false; types.len()];
        let mut stack = vec![start];
        while let Some(index) = stack.pop() {
            let Some(TypeKind::Alias(target)) = types.get(index).map(|def| &def.kind) else { continue };
            let mut next = Vec::new();
            named(target, &mut next);
            for id in next {
                if id == start {
                    return true;
                }
                if id < types.len() && !seen[id] {
                    seen[id] = true;
                    stack.push(id);
                }
            }
        }
        false
    })
}

/// A path is appended to the user's base URL, so it must read as a path there and nothing else:
/// starting with one `/` (so that no `@host`, `.host` or `:port` can follow the base URL's host),
/// with no `?` or `#` (which would end it and drop the query), no backslash (which URL parsers read
/// as `/`), no whitespace or control character, and no `.` or `..` segment (which walks up past
/// the base URL's own path). Anything else is refused.
fn paths_stay_paths(api: &Api, diags: &mut Diagnostics) {
    for operation in &api.operations {
        if let Some(problem) = path_problem(&operation.path_segments) {
            diags.error(
                "invalid-path",
                &operation.location,
                format!(
                    "the path {:?} of `{}` {problem}; write it as a path from the base URL, such as `/users/{{id}}`",
                    operation.path, operation.name
                ),
            );
        }
    }
}

fn literal(segment: &PathSegment) -> Option<&str> {
    match segment {
        PathSegment::Literal(text) => Some(text),
        PathSegment::Param(_) => None,
    }
}

fn path_problem(segments: &[PathSegment]) -> Option<&'static str> {
    match segments.first().map(literal) {
        Some(Some(first)) if first.starts_with("//") => return Some("starts with `//`, which names a host"),
        // No segment at all is the base URL itself.
        None => {}
        Some(Some(first)) if first.starts_with('/') => {}
        _ => return Some("does not start with `/`"),
    }
    for text in segments.iter().filter_map(literal) {
        if text.contains(['?', '#']) {
            return Some("contains `?` or `#`, which would end the path");
        }
        if text.contains('\\') {
            return Some("contains a backslash, which URL parsers read as `/`");
        }
        if text.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Some("contains whitespace or a control character");
        }
    }
    // Dot segments are judged on the whole path: a parameter between two slashes is never one.
    let mut whole = String::new();
    for segment in segments {
        whole.push_str(literal(segment).unwrap_or("{}"));
    }
    if whole.split('/').any(|segment| segment == "." || segment == "..") {
        return Some("has a `.` or `..` segment, which walks up the base URL's path");
    }
    None
}

/// Operation names become both a method (snake_case) and a struct (PascalCase), so two names are
/// the same when either form is: `getUser`, `get_user` and `GetUser!` are one name.
fn unique_operation_names(api: &mut Api, diags: &mut Diagnostics) {
    let mut snakes = IndexSet::new();
    let mut pascals = IndexSet::new();
    for operation in &mut api.operations {
        let wanted = operation.name.clone();
        let mut n = 1;
        loop {
            let candidate = if n == 1 { wanted.clone() } else { format!("{wanted}_{n}") };
            let (snake, pascal) = (naming::snake(&candidate), naming::pascal(&candidate));
            if !snakes.contains(&snake) && !pascals.contains(&pascal) {
                snakes.insert(snake);
                pascals.insert(pascal);
                operation.name = candidate;
                break;
            }
            n += 1;
        }
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
    // Compared as emitted: `user_v1` and `UserV1` are one type name.
    let mut taken: IndexSet<String> = IndexSet::new();
    for def in &mut api.types.types {
        let wanted = def.name.clone();
        let mut n = 1;
        loop {
            let candidate = if n == 1 { wanted.clone() } else { format!("{wanted}{n}") };
            if taken.insert(naming::pascal(&candidate)) {
                def.name = candidate;
                break;
            }
            n += 1;
        }
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
