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
//! shortened; documented names, operation bodies and short names are never touched. The choice
//! is made for all long names at once, in rounds: in round 0 every type proposes its property
//! words, in round `i` its `i`-th nearest context word in front of them. A proposal is granted
//! when no other type proposes it in that round and no type has or was given that name, so the
//! outcome does not depend on the order of the types. A type with no grantable proposal keeps its
//! name.

use std::collections::{HashMap, HashSet};

use crate::dedupe::is_documented;
use crate::figures::LONG_NAME;
use crate::ir::TypeSpace;
use crate::naming;

/// Words that only say what kind of position a type is in; never used as the distinguishing word.
const POSITION_WORDS: &[&str] =
    &["Response", "Request", "Item", "Object", "Enum", "Union", "Type", "Value", "Data", "Param", "Params", "Specs"];

/// Shortens the long made-up names of `types` (see the module docs).
pub fn shorten(types: &mut TypeSpace) {
    let proposals: Vec<(usize, Vec<String>)> = types
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| def.name.len() > LONG_NAME && !is_documented(def))
        .filter_map(|(index, def)| Some((index, proposals(&def.name, &def.location.pointer)?)))
        .collect();
    let mut taken: HashSet<String> = types.types.iter().map(|def| def.name.clone()).collect();
    let mut given: HashMap<usize, String> = HashMap::new();
    let rounds = proposals.iter().map(|(_, list)| list.len()).max().unwrap_or(0);
    for round in 0..rounds {
        let mut demand: HashMap<&str, usize> = HashMap::new();
        for (index, list) in &proposals {
            if let Some(name) = list.get(round).filter(|_| !given.contains_key(index)) {
                *demand.entry(name.as_str()).or_default() += 1;
            }
        }
        let mut granted = Vec::new();
        for (index, list) in &proposals {
            let Some(name) = list.get(round).filter(|_| !given.contains_key(index)) else {
                continue;
            };
            if demand[name.as_str()] == 1 && !taken.contains(name) {
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
    list.retain(|candidate| candidate.len() < name.len() && candidate.starts_with(|c: char| c.is_ascii_uppercase()));
    Some(list)
}
