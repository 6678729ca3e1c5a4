//! Inline schemas named by their `title`.
//!
//! A vendor that titles an inline schema has named it: Stripe titles the object under every
//! capability of an account `capability_param`, the shipping details of a charge
//! `optional_fields_shipping`. Such a type is named from its title (`CapabilityParam`,
//! `OptionalFieldsShipping`) before its position is used. Copies of one shape are one type, so
//! the title is proposed once per shape (the title most of its titled copies carry). A title
//! that several shapes carry goes behind the name of the nearest position that tells it apart
//! (a `support_address` titled `address_specs` is a `SupportAddressSpecs`), never a counter; a name only a position word long
//! (`param`, `specs`) says nothing, and the type keeps its position's name. Names are granted
//! as in [`crate::shorten`], so the outcome does not depend on the order of the document.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::dedupe::{self, is_documented};
use crate::figures::LONG_NAME;
use crate::ir::TypeSpace;
use crate::naming;
use crate::shorten::{Previous, context_pieces, grant};

/// Words that say what kind of position a type is in; a title made only of them is generic.
const POSITION_WORDS: &[&str] = &[
    "Param",
    "Params",
    "Parameter",
    "Parameters",
    "Spec",
    "Specs",
    "Data",
    "Object",
    "Item",
    "Items",
    "Value",
    "Values",
    "Type",
    "Request",
    "Response",
    "Body",
    "Schema",
    "Model",
    "Entry",
];

/// How many positions around a contested title are tried before the type keeps its name.
const CONTEXT_TRIES: usize = 3;

/// Renames the made-up types of `types` whose schema in `document` has a `title`.
pub fn name_from_titles(types: &mut TypeSpace, document: &Value, previous: Option<&Previous>) {
    let class = dedupe::classes(types);
    // Per shape: every member, and how often each title appears among them. A shape with a
    // documented member keeps the documented name (dedupe), so it is left out.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut titles: HashMap<usize, BTreeMap<String, usize>> = HashMap::new();
    let mut documented: Vec<bool> = vec![false; types.types.len()];
    for (index, def) in types.types.iter().enumerate() {
        members.entry(class[index]).or_default().push(index);
        if is_documented(def) {
            documented[class[index]] = true;
        } else if let Some(title) = title_at(document, &def.location.pointer) {
            *titles.entry(class[index]).or_default().entry(title).or_default() += 1;
        }
    }
    let mut proposals = Vec::new();
    for (shape, list) in &members {
        let Some(counts) = titles.get(shape).filter(|_| !documented[*shape]) else {
            continue;
        };
        // The most common title; on a tie the alphabetically first (BTreeMap order).
        let Some((title, _)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
            continue;
        };
        // The member at the first position in the document stands for the shape.
        let Some(&first) =
            list.iter().min_by(|a, b| types.types[**a].location.pointer.cmp(&types.types[**b].location.pointer))
        else {
            continue;
        };
        let def = &types.types[first];
        let wanted = candidates(title, &def.location.pointer, &def.name);
        if !wanted.is_empty() {
            proposals.push((first, wanted));
        }
    }
    let representatives: Vec<usize> = proposals.iter().map(|(index, _)| *index).collect();
    grant(types, proposals, previous.unwrap_or(&Previous::new()));
    for first in representatives {
        let name = types.types[first].name.clone();
        for &member in &members[&class[first]] {
            types.types[member].name.clone_from(&name);
        }
    }
}

/// The title of the schema a type was lowered from: the schema at `pointer`, or for a union
/// (whose position is its `anyOf`/`oneOf`) the schema that holds the alternatives.
fn title_at(document: &Value, pointer: &str) -> Option<String> {
    let schema = document.pointer(pointer)?;
    let schema = if schema.is_array() {
        let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        document.pointer(parent)?
    } else {
        schema
    };
    let title = schema.get("title")?.as_str()?.trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// The names a type titled `title` may take, best first: the title, then the title behind the
/// nearest positions, without the words the title already has. Empty when the title is generic; names over
/// [`LONG_NAME`] characters only when the current name is longer still.
fn candidates(title: &str, pointer: &str, current: &str) -> Vec<String> {
    let own = naming::pascal(title);
    let words = naming::pascal_words(&own);
    let generic = words.iter().all(|word| POSITION_WORDS.contains(word));
    // `FileFileLinkList`: a title made by pasting two names together, not a name.
    let stutters = words.windows(2).any(|pair| pair[0] == pair[1]);
    // `authorization_controls_param_v2`: a version in a name reads as a counter; the position's
    // name says as much.
    let numbered = own.ends_with(|c: char| c.is_ascii_digit());
    if generic
        || stutters
        || numbered
        || own == current
        || is_body(pointer)
        || own.starts_with(|c: char| !c.is_ascii_uppercase())
    {
        return Vec::new();
    }
    // A title that shares no word with the type's own position or its parent's is another
    // schema's name copied over (Stripe titles a shipping rate `method_params`): not used.
    let pieces = context_pieces(pointer);
    let near: Vec<String> = pieces
        .iter()
        .take(2)
        .flat_map(|piece| [piece.clone(), naming::singular_pascal(piece)])
        .flat_map(|piece| naming::pascal_words(&piece).into_iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let meaningful = words.iter().filter(|word| !POSITION_WORDS.contains(word));
    if !meaningful.clone().any(|word| near.iter().any(|near| near == word)) {
        return Vec::new();
    }
    let mut list = vec![own.clone()];
    // A title that several shapes carry goes behind the nearest position not already in it;
    // only where that is no longer than the name the position gives.
    let context = pieces
        .iter()
        .map(|piece| naming::pascal_words(piece).into_iter().filter(|word| !words.contains(word)).collect::<String>())
        .filter(|front| !front.is_empty())
        .take(CONTEXT_TRIES)
        .map(|front| format!("{front}{own}"))
        .filter(|name| name.len() <= current.len());
    list.extend(context);
    list.retain(|name| name != current && (name.len() <= LONG_NAME || name.len() < current.len()));
    list
}

/// Whether `pointer` is an operation's request or response body schema: those are named after
/// their operation, where users look for them.
fn is_body(pointer: &str) -> bool {
    let Some(rest) = pointer.strip_prefix("/paths/") else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    matches!(
        segments.as_slice(),
        [_, _, "requestBody", "content", _, "schema"] | [_, _, "responses", _, "content", _, "schema"]
    )
}
