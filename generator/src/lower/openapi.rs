//! OpenAPI document or fragment -> IR.
//!
//! The document is walked as a `serde_json::Value`; every lowered thing keeps the JSON pointer it
//! came from. Component schemas are lowered once each (memoized by pointer), so a component is
//! exactly one type however many places refer to it, and a 4 MB document (Stripe) lowers in one
//! linear pass. What cannot be typed becomes `Ty::Any` at that spot with a located warning; no
//! input makes this module panic or give up on the whole document.

mod body;
mod boxing;
mod object;
mod operation;
mod schema;
mod security;
mod tagged;
mod titles;

use std::collections::HashMap;

use indexmap::IndexSet;
use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::{self, Location, Ty, TypeSpace};
use crate::read::openapi::{self as raw, RefError};
use crate::shorten::Previous;

/// Lowers one OpenAPI document (or a fragment with only `paths` or only `components`).
pub fn lower(file: &str, document: Value, previous: Option<&Previous>, diags: &mut Diagnostics) -> ir::Api {
    let mut cx = Cx::new(file, &document, diags);
    let root = Location::new(file, "");
    let info = document.get("info");
    let title = info.and_then(|i| i.get("title")).and_then(Value::as_str).map(str::to_owned);
    let docs = info.and_then(|i| i.get("description")).and_then(Value::as_str).and_then(markdown);
    let base_url = base_url(&document);
    let mut security = security::schemes(&mut cx, &root);
    cx.reserve_component_names();
    let operations = operation::operations(&mut cx, &mut security, &root);
    // Components nobody refers to are still part of the API (a fragment may be only components).
    cx.lower_all_components();
    tagged::strip_tags(&mut cx);
    let mut types = std::mem::take(&mut cx.types);
    schema::mark_boxed(&mut types);
    titles::name_from_titles(&mut types, &document, previous);
    ir::Api { name: String::new(), title, docs, base_url, auth_schemes: security.schemes, operations, types }
}

/// The lowering state of one document.
pub(crate) struct Cx<'a, 'd> {
    pub file: &'a str,
    pub document: &'a Value,
    pub diags: &'d mut Diagnostics,
    pub types: TypeSpace,
    /// Every pointer already lowered to a type (components and other `$ref` targets). Only looked
    /// up, never iterated, so its order cannot reach the output.
    lowered: HashMap<String, Ty>,
    /// Pointers being lowered right now, to tell a recursive reference from a finished one.
    in_progress: IndexSet<String>,
    /// Type names handed out, so inline types do not take a component's name.
    pub taken: IndexSet<String>,
}

impl<'a, 'd> Cx<'a, 'd> {
    fn new(file: &'a str, document: &'a Value, diags: &'d mut Diagnostics) -> Self {
        Cx {
            file,
            document,
            diags,
            types: TypeSpace::default(),
            lowered: HashMap::new(),
            in_progress: IndexSet::new(),
            taken: IndexSet::new(),
        }
    }

    pub fn at(&self, pointer: &str) -> Location {
        Location::new(self.file, pointer)
    }

    fn component_schemas(&self) -> Option<&'a serde_json::Map<String, Value>> {
        self.document.get("components")?.get("schemas")?.as_object()
    }

    fn reserve_component_names(&mut self) {
        for name in self.component_schemas().into_iter().flat_map(|m| m.keys()) {
            self.taken.insert(crate::naming::pascal(name));
        }
    }

    fn lower_all_components(&mut self) {
        let Some(schemas) = self.component_schemas() else {
            return;
        };
        let at = self.at("/components/schemas");
        for name in schemas.keys() {
            self.component(&at.child(name));
        }
    }

    /// A name for a new inline type: `wanted` in PascalCase, made unique against the components
    /// and the inline types already named.
    pub fn type_name(&mut self, wanted: &str) -> String {
        crate::naming::unique(crate::naming::pascal(wanted), &mut self.taken)
    }

    /// Follows `$ref` chains on a non-schema object (a parameter, a request body, a response),
    /// returning the object and where it is. A broken chain is reported and gives `None`.
    pub fn deref<'v>(&mut self, value: &'v Value, at: &Location) -> Option<(&'v Value, Location)>
    where
        'a: 'v,
    {
        let mut value = value;
        let mut at = at.clone();
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Some((value, at));
            };
            match raw::resolve(self.document, reference) {
                Ok(target) => {
                    at = self.at(raw::local_pointer(reference).unwrap_or_default());
                    value = target;
                }
                Err(error) => {
                    self.ref_warning(&error, reference, &at, "it is left out");
                    return None;
                }
            }
        }
        self.diags.warning("ref-cycle", &at, "a `$ref` chain does not end; the object is skipped");
        None
    }

    /// Reports a `$ref` that cannot be followed; `consequence` says what becomes of the spot
    /// ("typed as `serde_json::Value`", "it is left out").
    pub fn ref_warning(&mut self, error: &RefError, reference: &str, at: &Location, consequence: &str) {
        match error {
            RefError::External => self.diags.warning(
                "external-ref",
                at,
                format!("`$ref: {reference}` points into another document, which is not read; {consequence}"),
            ),
            RefError::Missing => self.diags.warning(
                "unresolved-ref",
                &at.child("$ref"),
                format!("`$ref: {reference}` points at nothing in this document; {consequence}"),
            ),
        }
    }

    /// The type of the schema at `at` (a `$ref` target), lowered once and memoized. A component
    /// schema is always one named type (an alias when it is a scalar or a list); any other
    /// target is lowered like an inline schema.
    pub fn component(&mut self, at: &Location) -> Ty {
        if let Some(ty) = self.lowered.get(&at.pointer) {
            return ty.clone();
        }
        let Some(schema) = self.document.pointer(&at.pointer) else {
            return Ty::Any;
        };
        let hint = component_hint(&at.pointer);
        let is_component = at.pointer.strip_prefix("/components/schemas/").is_some_and(|name| !name.contains('/'));
        if is_component {
            // Reserve the id first, so that a recursive reference finds it.
            let def = ir::TypeDef {
                name: crate::naming::pascal(&hint),
                docs: None,
                kind: ir::TypeKind::Alias(Ty::Any),
                location: at.clone(),
            };
            let id = self.types.add(def);
            self.lowered.insert(at.pointer.clone(), Ty::Named(id));
            let lowered = schema::schema_in(self, schema, at, &hint, Some(id));
            let nullable = lowered.nullable;
            let ty = lowered.ty;
            if ty != Ty::Named(id) {
                let ty = if schema::mentions(&ty, id) {
                    self.diags.warning(
                        "ref-cycle",
                        at,
                        "this schema contains itself without an object in between; typed as `serde_json::Value`",
                    );
                    Ty::Any
                } else {
                    ty
                };
                let def = self.types.get_mut(id);
                def.kind = ir::TypeKind::Alias(ty);
                if def.docs.is_none() {
                    def.docs = description(schema);
                }
            }
            let ty = if nullable { Ty::Option(Box::new(Ty::Named(id))) } else { Ty::Named(id) };
            self.lowered.insert(at.pointer.clone(), ty.clone());
            return ty;
        }
        if !self.in_progress.insert(at.pointer.clone()) {
            self.diags.warning(
                "ref-cycle",
                at,
                "this schema refers to itself without an object in between; typed as `serde_json::Value`",
            );
            return Ty::Any;
        }
        let ty = schema::schema(self, schema, at, &hint).into_ty();
        self.in_progress.shift_remove(&at.pointer);
        self.lowered.insert(at.pointer.clone(), ty.clone());
        ty
    }

    /// A point to return to when types lowered since then turn out to be unused.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint { types: self.types.types.len(), names: self.taken.len(), lowered: self.lowered.len() }
    }

    /// Forgets the types added since `checkpoint`, unless a `$ref` target was lowered meanwhile
    /// (a component is part of the API whoever reached it first).
    pub fn rollback(&mut self, checkpoint: Checkpoint) {
        if self.lowered.len() == checkpoint.lowered {
            self.types.types.truncate(checkpoint.types);
            self.taken.truncate(checkpoint.names);
        }
    }

    /// The one enum type for Stripe's "or the empty string" alternatives (`enum: [""]`).
    pub fn empty_string_type(&mut self, at: &Location) -> Ty {
        const KEY: &str = "#empty-string";
        if let Some(ty) = self.lowered.get(KEY) {
            return ty.clone();
        }
        let variants = vec![ir::EnumVariant { name: "Empty".into(), wire_name: String::new(), docs: None }];
        let def = ir::TypeDef {
            name: self.type_name("EmptyString"),
            docs: Some("The empty string, which this API accepts in place of a value to clear it.".into()),
            kind: ir::TypeKind::Enum(ir::Enum { variants }),
            location: at.clone(),
        };
        let ty = Ty::Named(self.types.add(def));
        self.lowered.insert(KEY.to_owned(), ty.clone());
        ty
    }
}

/// See [`Cx::checkpoint`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checkpoint {
    types: usize,
    names: usize,
    lowered: usize,
}

/// The name a `$ref` target suggests: the component name, or the last meaningful segment.
fn component_hint(pointer: &str) -> String {
    let segments: Vec<&str> =
        pointer.rsplit('/').filter(|s| !matches!(*s, "properties" | "items" | "schema" | "content")).collect();
    let last = segments.first().copied().unwrap_or("Value");
    last.replace("~1", "/").replace("~0", "~")
}

/// `servers[0].url` with its variables replaced by their defaults.
fn base_url(document: &Value) -> Option<String> {
    let server = document.get("servers")?.get(0)?;
    let mut url = server.get("url")?.as_str()?.to_owned();
    if let Some(variables) = server.get("variables").and_then(Value::as_object) {
        for (name, variable) in variables {
            if let Some(default) = variable.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    Some(url)
}

/// Description text -> rustdoc Markdown. OpenAPI descriptions are CommonMark, but vendors put
/// HTML in them too (Stripe, Box); the shared converter handles both.
pub(crate) fn markdown(text: &str) -> Option<String> {
    super::docs::markdown(text)
}

/// The `description` of `value` as Markdown.
pub(crate) fn description(value: &Value) -> Option<String> {
    value.get("description").and_then(Value::as_str).and_then(markdown)
}
