//! Type inference from JSON examples.
//!
//! Postman has no schemas, only examples. Every example of the same body position (a request
//! body, a response status of one operation) is a *slot*; all slots of an API are solved together
//! in [`Inference::finish`], so the same entity seen under one JSON key in many operations becomes
//! one type with the union of its fields.
//!
//! The solver works in five steps, one submodule each:
//! `sites` walks every example and records each position where objects occur (a *site*: a slot
//! root, or a key below another site); `cluster` decides which sites are the same entity (same
//! key name, a shared suffix word such as `MailingAddress`/`BillingAddress`, a top-level body that
//! overlaps a known entity) with a union-find; `names` gives every cluster one PascalCase name;
//! `build` turns the examples of each cluster into a struct, resolving conflicting kinds into
//! lenient types with a warning; `finalize` merges structurally identical types and boxes the
//! fields that close a recursion.

mod build;
mod cluster;
mod finalize;
mod formats;
mod maps;
mod names;
mod sites;

use crate::diag::Diagnostics;
use crate::ir::{Location, Ty, TypeSpace};

/// A body position whose type is inferred from its examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotId(usize);

#[derive(Debug)]
struct Slot {
    name_hint: String,
    location: Location,
    examples: Vec<(serde_json::Value, Location)>,
}

/// Collects examples for all body positions of one API, then solves them together.
#[derive(Debug)]
pub struct Inference {
    slots: Vec<Slot>,
    formats: bool,
}

impl Default for Inference {
    fn default() -> Inference {
        Inference { slots: Vec::new(), formats: true }
    }
}

impl Inference {
    pub fn new() -> Inference {
        Inference::default()
    }

    /// Whether strings that are RFC 3339 date-times, dates or UUIDs in every example are typed
    /// as such (the default) or stay `String` (`infer_formats = false` in `apis.toml`).
    pub fn with_formats(mut self, formats: bool) -> Inference {
        self.formats = formats;
        self
    }

    /// Registers a body position. `name_hint` is the PascalCase name to use when the top-level
    /// body is not a known entity (`CreateAccountRequest`, `GetAccountOfferingsResponse`).
    pub fn slot(&mut self, name_hint: &str, at: Location) -> SlotId {
        self.slots.push(Slot { name_hint: name_hint.to_owned(), location: at, examples: Vec::new() });
        SlotId(self.slots.len() - 1)
    }

    /// Adds one parsed example for a slot; `at` points at the example's text in the spec.
    pub fn add_example(&mut self, slot: SlotId, value: serde_json::Value, at: Location) {
        // A `SlotId` only comes from `slot`, so the index exists; `get_mut` keeps this panic-free.
        if let Some(slot) = self.slots.get_mut(slot.0) {
            slot.examples.push((value, at));
        }
    }

    /// Solves every slot: adds the named types to `types` and returns one type per slot, indexed
    /// by the order in which the slots were registered.
    pub fn finish(self, types: &mut TypeSpace, diags: &mut Diagnostics) -> Vec<Ty> {
        let sites = sites::Sites::collect(&self.slots);
        let clusters = cluster::solve(&sites);
        let names = names::assign(&sites, &clusters, &self.slots);
        let built = build::build(&sites, &clusters, &names, &self.slots, self.formats, diags);
        finalize::finalize(built, types)
    }
}

/// The type of a value shown only as text (a query parameter, a form field): `true`/`false` ->
/// `bool`, an integer -> `i64`, a decimal -> `f64`, anything else -> `String`.
pub fn scalar_from_text(text: &str) -> Ty {
    let text = text.trim();
    if text == "true" || text == "false" {
        return Ty::Bool;
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return Ty::String;
    }
    // A leading zero (`007`, a zip code) is text that happens to be digits: keep it a string so
    // that it round-trips.
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    if leading_zero {
        return Ty::String;
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        return if text.parse::<i64>().is_ok() { Ty::I64 } else { Ty::String };
    }
    let decimal = digits.split_once('.').is_some_and(|(int, frac)| {
        !int.is_empty()
            && !frac.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
    });
    if decimal { Ty::F64 } else { Ty::String }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_from_text() {
        assert_eq!(scalar_from_text("true"), Ty::Bool);
        assert_eq!(scalar_from_text("2"), Ty::I64);
        assert_eq!(scalar_from_text("-12"), Ty::I64);
        assert_eq!(scalar_from_text("12.5"), Ty::F64);
        assert_eq!(scalar_from_text("*"), Ty::String);
        assert_eq!(scalar_from_text("007"), Ty::String);
        assert_eq!(scalar_from_text("1e5"), Ty::String);
        assert_eq!(scalar_from_text(""), Ty::String);
        assert_eq!(scalar_from_text("99999999999999999999"), Ty::String);
    }
}
