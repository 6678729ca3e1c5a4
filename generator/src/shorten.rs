//! Shorter names for inline types whose position made a long one.
//!
//! An inline schema is named after the chain of positions that holds it, which in a deep
//! document (Stripe) gives names like
//! `PostPaymentIntentsRequestPaymentMethodOptionsIdealPaymentMethodOptionsParamSetupFutureUsage`.
//! A person keeps the words of the property itself (`SetupFutureUsage`) and, only when another
//! type wants the same name, the one word of context that tells them apart
//! (`IdealSetupFutureUsage`, `SofortSetupFutureUsage`).
//!
//! Only made-up names over [`LONG_NAME`] characters of types that sit under a property are
//! shortened here; documented names and short names are never touched, and operation bodies
//! have their own rule ([`shorten_bodies`]). The choice
//! is made for all long names at once, in rounds: in round 0 every type proposes its property
//! words, in round `i` its `i`-th nearest context word in front of them, then the leading words
//! the name was made from in front of them, and last the name without the words of the parent
//! position that every sibling repeats (`AcssDebitSetupIntentPaymentMethodOptionsParam` under
//! `payment_method_options` is an `AcssDebitSetupIntentParam`). A proposal is granted
//! when no other type proposes it in that round and no type has or was given that name, so the
//! outcome does not depend on the order of the types. A type with no grantable proposal keeps its
//! name.
//!
//! The same granting names operation bodies the way a person says them ([`shorten_bodies`]) and
//! keeps made-up names off the Rust prelude ([`avoid_prelude_names`]): no proposal is ever a
//! prelude name such as `Option`, which would shadow the std item in the generated module.

mod bodies;

use std::collections::{HashMap, HashSet};

pub use bodies::shorten_bodies;

use crate::dedupe::is_documented;
use crate::figures::LONG_NAME;
use crate::ir::{TypeDef, TypeKind, TypeSpace};
use crate::naming;

/// Words that only say what kind of position a type is in; never used as the distinguishing word.
const POSITION_WORDS: &[&str] =
    &["Response", "Request", "Item", "Object", "Enum", "Union", "Type", "Value", "Data", "Param", "Params", "Specs"];

/// Shortens the long made-up names of `types` (see the module docs).
pub fn shorten(types: &mut TypeSpace, previous: &Previous) {
    let proposals: Vec<(usize, Vec<String>)> = types
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| def.name.len() > LONG_NAME && !is_documented(def))
        .filter_map(|(index, def)| Some((index, proposals(&def.name, &def.location.pointer)?)))
        .collect();
    grant(types, proposals, previous);
}

/// Renames the made-up types named like a Rust prelude item (`Option`, `Result`, ...), which
/// would shadow it in their module, to the words of their context in front of their own name:
/// Stripe's `options` items under `portal_subscription_cancellation_reason` are a
/// `CancellationReasonOption`. The parent's last two words come first (one word in front of a
/// word as general as `Option` rarely says whose it is), then longer runs, then the nearest word
/// alone, then the kind of type (`ResultObject`) when the position has no words. Documented
/// names keep theirs.
pub fn avoid_prelude_names(types: &mut TypeSpace, previous: &Previous) {
    let proposals: Vec<(usize, Vec<String>)> = types
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| naming::is_prelude_name(&def.name) && !is_documented(def))
        .map(|(index, def)| (index, prelude_proposals(def)))
        .collect();
    grant(types, proposals, previous);
}

fn prelude_proposals(def: &TypeDef) -> Vec<String> {
    let own = def.name.as_str();
    let mut list = runs(&context_words(&def.location.pointer, own), own);
    let kind = match def.kind {
        TypeKind::Struct(_) => "Object",
        TypeKind::Enum(_) => "Enum",
        TypeKind::Union(_) => "Union",
        TypeKind::Alias(_) => "Type",
    };
    list.push(format!("{own}{kind}"));
    list
}

/// `own` behind runs of the `nearest` context words (nearest first): the last two, then longer
/// runs, then the nearest alone.
fn runs(nearest: &[String], own: &str) -> Vec<String> {
    let lengths = (2..=nearest.len()).chain((!nearest.is_empty()).then_some(1));
    lengths
        .map(|count| {
            let mut words: Vec<&str> = nearest[..count].iter().map(String::as_str).collect();
            words.reverse();
            format!("{}{own}", words.concat())
        })
        .collect()
}

/// The words of the positions that hold the schema at `pointer`, nearest first, without the
/// position that is the type's own (`own`, or the plural it is the item of); see
/// [`context_pieces`].
fn context_words(pointer: &str, own: &str) -> Vec<String> {
    let mut pieces = context_pieces(pointer);
    if pieces.first().is_some_and(|piece| *piece == own || naming::singular_pascal(piece) == own) {
        pieces.remove(0);
    }
    let mut words = Vec::new();
    for piece in &pieces {
        words.extend(naming::pascal_words(piece).iter().rev().map(|word| (*word).to_owned()));
    }
    words
}

/// The names of the positions that hold the schema at `pointer`, in PascalCase, nearest first:
/// property and component names and the segments of an operation's path, without the
/// structural keywords of the document (`properties`, `items`, `anyOf`, the method, the status,
/// the media type), without path parameters and versions (`v1`).
pub(crate) fn context_pieces(pointer: &str) -> Vec<String> {
    const STRUCTURAL: &[&str] = &[
        "properties",
        "items",
        "additionalProperties",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "schema",
        "schemas",
        "content",
        "components",
        "definitions",
        "paths",
        "requestBody",
        "responses",
        "parameters",
    ];
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let segments: Vec<String> = pointer.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let mut pieces = Vec::new();
    for (index, segment) in segments.iter().enumerate().rev() {
        let previous = index.checked_sub(1).and_then(|at| segments.get(at));
        // A key under `properties` is a name whatever it says (`options`, `items`).
        let is_name = previous.is_some_and(|p| p == "properties") && !segment.is_empty();
        if !is_name {
            // A media type (`application/json`) says nothing; a path (`/v1/customers`) does.
            let media = segment.contains('/') && !segment.starts_with('/');
            let method = METHODS.contains(&segment.as_str()) && previous.is_some_and(|p| p.starts_with('/'));
            let status = previous.is_some_and(|p| p == "responses");
            if media || method || status || STRUCTURAL.contains(&segment.as_str()) {
                continue;
            }
        }
        for piece in segment.rsplit('/') {
            let version =
                piece.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            let numeric = piece.chars().all(|c| c.is_ascii_digit());
            if piece.is_empty() || piece.starts_with('{') || version || numeric {
                continue;
            }
            pieces.push(naming::pascal(piece));
        }
    }
    pieces
}

/// The names the last generation gave types, by where each comes from
/// ([`crate::surface::location_key`]).
pub type Previous = HashMap<String, String>;

/// Gives each type of `proposals` the first of its names that it can have, in rounds: in round
/// `i` every type still waiting proposes its `i`-th name, which is granted when no other type
/// proposes it in that round, no type has or was given it, and it is not a prelude name. So the
/// outcome does not depend on the order of the types. A type with no grantable proposal keeps
/// its name.
///
/// Before the rounds, a type whose name in the last generation (`previous`) is one of its
/// proposals and free gets it again: a type added elsewhere that wants the same words then
/// takes its next proposal, and the existing type is not renamed under its users. It still
/// proposes, in the rounds before the one its name comes from, what it proposed when it first
/// got it, so that the types it contested then are refused as they were then: with the same
/// description, a regeneration gives every type the name it has (`regen --check` holds).
pub(crate) fn grant(types: &mut TypeSpace, proposals: Vec<(usize, Vec<String>)>, previous: &Previous) {
    let mut taken: HashSet<String> = types.types.iter().map(|def| def.name.clone()).collect();
    let mut given: HashMap<usize, String> = HashMap::new();
    // The round each kept name comes from.
    let mut kept: HashMap<usize, usize> = HashMap::new();
    if !previous.is_empty() {
        for (index, list) in &proposals {
            let key = crate::surface::location_key(&types.types[*index].location);
            let Some((round, name)) =
                previous.get(&key).and_then(|name| Some((list.iter().position(|p| p == name)?, name)))
            else {
                continue;
            };
            // Names of one generation are unique, so two types never claim the same one here.
            if !taken.contains(name) && !naming::is_prelude_name(name) {
                taken.insert(name.clone());
                given.insert(*index, name.clone());
                kept.insert(*index, round);
            }
        }
    }
    let rounds = proposals.iter().map(|(_, list)| list.len()).max().unwrap_or(0);
    for round in 0..rounds {
        let mut demand: HashMap<&str, usize> = HashMap::new();
        for (index, list) in &proposals {
            let proposing = !given.contains_key(index) || kept.get(index).is_some_and(|&from| round < from);
            if let Some(name) = list.get(round).filter(|_| proposing) {
                *demand.entry(name.as_str()).or_default() += 1;
            }
        }
        let mut granted = Vec::new();
        for (index, list) in &proposals {
            let Some(name) = list.get(round).filter(|_| !given.contains_key(index)) else {
                continue;
            };
            if demand[name.as_str()] == 1 && !taken.contains(name) && !naming::is_prelude_name(name) {
                granted.push((*index, name.clone()));
            }
        }
        for (index, name) in granted {
            taken.insert(name.clone());
            given.insert(index, name);
        }
    }
    for (index, name) in given {
        types.types[index].name = name;
    }
}

/// What a type under a property may be called, best first: the property's words with what the
/// name adds after them (`SetupFutureUsage`, `CardObject`), then the same behind one word of
/// context each, nearest first. `None` when the type does not sit under a property.
fn proposals(name: &str, pointer: &str) -> Option<Vec<String>> {
    let property = pointer.rsplit('/').collect::<Vec<_>>().windows(2).find(|pair| pair[1] == "properties")?[0];
    let property = naming::pascal(&property.replace("~1", "/").replace("~0", "~"));
    let property_words = naming::pascal_words(&property);
    if property_words.is_empty() {
        return None;
    }
    // Array items are named with the singular of their property (`shipping_options` ->
    // `ShippingOption`).
    let singular = naming::singular_pascal(&property);
    let singular_words = naming::pascal_words(&singular);
    let words = naming::pascal_words(name);
    let start = (0..words.len()).rev().find(|&at| {
        let rest = &words[at..];
        rest.starts_with(&property_words) || rest.starts_with(&singular_words)
    })?;
    let own = words[start..].concat();
    let context = &words[..start];
    if naming::is_prelude_name(&own) {
        // `Option` alone would shadow the prelude's: the context in front, as for any prelude
        // name (see [`avoid_prelude_names`]).
        let nearest: Vec<String> = context.iter().rev().map(|word| (*word).to_owned()).collect();
        let mut list = runs(&nearest, &own);
        list.retain(|candidate| candidate.len() < name.len());
        return Some(list);
    }
    let mut list = vec![own.clone()];
    let mut seen = HashSet::new();
    for word in context.iter().rev() {
        if POSITION_WORDS.contains(word)
            || property_words.contains(word)
            || singular_words.contains(word)
            || !seen.insert(*word)
        {
            continue;
        }
        list.push(format!("{word}{own}"));
    }
    // Then the leading words the name was made from, which tell apart what nearer words do not
    // (`PaymentIntentAcssDebitUnion` and `SetupIntentAcssDebitUnion`).
    for count in 2..start {
        list.push(format!("{}{own}", words[..count].concat()));
    }
    // Last, the name without the words of the parent position, which every sibling repeats
    // (`AcssDebitSetupIntentPaymentMethodOptionsParam` under `payment_method_options` is an
    // `AcssDebitSetupIntentParam`).
    let parent = pointer
        .rsplit('/')
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|pair| pair[1] == "properties")
        .nth(1)
        .map(|pair| pair[0]);
    if let Some(parent) = parent {
        let parent = naming::pascal(&parent.replace("~1", "/").replace("~0", "~"));
        let parent_words = naming::pascal_words(&parent);
        let at = (1..words.len()).find(|&at| !parent_words.is_empty() && words[at..].starts_with(&parent_words));
        if let Some(at) = at.filter(|at| at + parent_words.len() < words.len()) {
            list.push(format!("{}{}", words[..at].concat(), words[at + parent_words.len()..].concat()));
        }
    }
    list.retain(|candidate| candidate.len() < name.len() && candidate.starts_with(|c: char| c.is_ascii_uppercase()));
    Some(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Location, Struct};

    /// Types named `Long0`, `Long1`, ... at `#/t/0`, `#/t/1`, ..., each proposing its list.
    fn run(lists: &[&[&str]], previous: &Previous) -> Vec<String> {
        let mut types = TypeSpace::default();
        for index in 0..lists.len() {
            types.types.push(TypeDef {
                name: format!("Long{index}"),
                docs: None,
                kind: TypeKind::Struct(Struct::default()),
                location: Location::new("a.json", format!("/t/{index}")),
            });
        }
        let proposals = lists
            .iter()
            .enumerate()
            .map(|(index, list)| (index, list.iter().map(|name| (*name).to_owned()).collect()))
            .collect();
        grant(&mut types, proposals, previous);
        types.types.into_iter().map(|def| def.name).collect()
    }

    fn previous(names: &[String]) -> Previous {
        names.iter().enumerate().map(|(index, name)| (format!("a.json#/t/{index}"), name.clone())).collect()
    }

    #[test]
    fn contested_names_go_to_nobody_and_regenerating_changes_nothing() {
        // Both want `Foo`: neither gets it; the second has another word, the first keeps its name.
        let lists: &[&[&str]] = &[&["Foo"], &["Foo", "BarFoo"]];
        let first = run(lists, &Previous::new());
        assert_eq!(first, ["Long0", "BarFoo"]);
        // Kept as it is, `BarFoo` still contests `Foo`, so `Long0` does not take it now.
        assert_eq!(run(lists, &previous(&first)), first);
    }

    #[test]
    fn a_new_contender_takes_its_next_name() {
        let before = run(&[&["Foo", "BarFoo"]], &Previous::new());
        assert_eq!(before, ["Foo"]);
        let lists: &[&[&str]] = &[&["Foo", "BarFoo"], &["Foo", "BazFoo"]];
        assert_eq!(run(lists, &Previous::new()), ["BarFoo", "BazFoo"]);
        assert_eq!(run(lists, &previous(&before)), ["Foo", "BazFoo"]);
    }
}
