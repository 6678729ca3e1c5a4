//! Names of operation bodies as a person says them.
//!
//! An inline request or response body is named after its operation, and an operation id often
//! spells out the whole path: Stripe's `POST /v1/customers/{customer}/balance_transactions/{transaction}`
//! gives `PostCustomersCustomerBalanceTransactionsTransactionRequest`. A person says "post
//! customer balance transaction request": a collection followed by its own item (`customers`
//! `{customer}`, `subscription_items` `{subscription_item}`, `payment_intents` `{intent}`) is
//! the singular. When the name is still over [`LONG_NAME`] characters, the leading path
//! segments, the least distinguishing words, go first (`PostTestHelpersTerminalReaders
//! ReaderPresentPaymentMethodRequest` is a `PostReaderPresentPaymentMethodRequest`); the verb
//! and the ending (`Request`, `Response`, `NotFoundError`) stay, and so does the last segment.
//!
//! Only made-up names whose words are the operation's path in order are touched, and a name is
//! only given when no other type has it or wants it (see [`super::grant`]), so the outcome does
//! not depend on the order of the operations. Types named after a renamed body (its fields'
//! types, `PostCustomersCustomerRequestShipping`) follow it (`PostCustomerRequestShipping`).

use crate::dedupe::is_documented;
use crate::figures::LONG_NAME;
use crate::ir::TypeSpace;
use crate::naming;

/// Renames the operation bodies of `types` (see the module docs).
pub fn shorten_bodies(types: &mut TypeSpace, previous: &super::Previous) {
    let proposals: Vec<(usize, Vec<String>)> = types
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| !is_documented(def))
        .filter_map(|(index, def)| Some((index, proposals(&def.name, body_path(&def.location.pointer)?)?)))
        .collect();
    let before: Vec<String> = types.types.iter().map(|def| def.name.clone()).collect();
    super::grant(types, proposals, previous);
    // The types named after a renamed body, under it in the document, follow it.
    let mut followers = Vec::new();
    for (body, old) in before.iter().enumerate() {
        let new = &types.types[body].name;
        if new == old {
            continue;
        }
        let under = format!("{}/", types.types[body].location.pointer);
        for (index, def) in types.types.iter().enumerate() {
            let rest =
                def.name.strip_prefix(old.as_str()).filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
            if let Some(rest) = rest.filter(|_| def.location.pointer.starts_with(&under) && !is_documented(def)) {
                followers.push((index, vec![format!("{new}{rest}")]));
            }
        }
    }
    super::grant(types, followers, previous);
}

/// The path template of an operation body's or parameter's schema pointer
/// (`/paths/~1v1~1customers~1{customer}/post/requestBody/content/application~1json/schema`);
/// `None` for any other position.
fn body_path(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/paths/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    let body = match segments.as_slice() {
        [path, _method, "requestBody", "content", _media, "schema"] => path,
        [path, _method, "responses", _status, "content", _media, "schema"] => path,
        [path, _method, "parameters", _index, "schema"] => path,
        _ => return None,
    };
    Some(body.replace("~1", "/").replace("~0", "~"))
}

/// One segment of a path as it appears in a name: its words, and whether it is a parameter.
struct Unit {
    words: Vec<String>,
    param: bool,
}

/// A matched unit and the words it has in the name.
type Shown<'u> = (&'u Unit, Vec<String>);

/// The names `name` may take, best first; `None` when its words are not the path's.
fn proposals(name: &str, path: String) -> Option<Vec<String>> {
    let words: Vec<String> = naming::pascal_words(name).into_iter().map(str::to_owned).collect();
    let units: Vec<Unit> = path
        .split('/')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let param = piece.starts_with('{') && piece.ends_with('}');
            let pascal = naming::pascal(piece.trim_start_matches('{').trim_end_matches('}'));
            Unit { words: naming::pascal_words(&pascal).into_iter().map(str::to_owned).collect(), param }
        })
        .collect();
    // The verb (`Post`) is optional: a name shared by several operations' bodies has none.
    let (verb, matched, ending) = (0..=1).find_map(|start| {
        let (matched, end) = match_units(&words[start..], &units)?;
        Some((&words[..start], matched, &words[start + end..]))
    })?;
    let collapsed = collapse(matched);
    // What may stand between the verb and the ending, most words first: the units without the
    // leading ones, then the last unit without its leading words (at least two stay).
    let mut middles: Vec<Vec<&str>> =
        (0..collapsed.len()).map(|skip| collapsed[skip..].iter().flatten().map(String::as_str).collect()).collect();
    if let Some(last) = collapsed.last() {
        middles.extend((1..last.len().saturating_sub(1)).map(|skip| last[skip..].iter().map(String::as_str).collect()));
    }
    let candidate = |middle: &Vec<&str>| format!("{}{}{}", verb.concat(), middle.concat(), ending.concat());
    let fits = middles.iter().position(|middle| candidate(middle).len() <= LONG_NAME);
    let order: Vec<usize> = match fits {
        Some(0) => vec![0],
        Some(first) => (first..middles.len()).chain((0..first).rev()).collect(),
        None => (0..middles.len()).rev().collect(),
    };
    let list: Vec<String> =
        order.into_iter().map(|at| candidate(&middles[at])).filter(|candidate| candidate != name).collect();
    (!list.is_empty()).then_some(list)
}

/// Matches the path's units, in order, against the start of `words`; units the name leaves out
/// (`v1`) are skipped, and a parameter may appear by its last words only (`Id` for
/// `{metadata_cascade_policy_id}`). Returns each matched unit with the words it has in the name,
/// and how many words they cover; `None` when none matched or no word is left for the ending.
fn match_units<'u>(words: &[String], units: &'u [Unit]) -> Option<(Vec<Shown<'u>>, usize)> {
    let mut at = 0;
    let mut matched = Vec::new();
    for unit in units {
        let shown = (0..unit.words.len())
            .take(if unit.param { unit.words.len() } else { 1 })
            .map(|skip| &unit.words[skip..])
            .find(|shown| words[at..].starts_with(shown));
        if let Some(shown) = shown {
            at += shown.len();
            matched.push((unit, shown.to_vec()));
        }
    }
    (!matched.is_empty() && at < words.len()).then_some((matched, at))
}

/// The matched units with each collection followed by its own item (`Customers` `{customer}`,
/// `PaymentIntents` `{intent}`, `MetadataCascadePolicies` `{metadata_cascade_policy_id}`) made
/// one singular unit (`Customer`, `PaymentIntent`, `MetadataCascadePolicy`).
fn collapse(units: Vec<Shown>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut index = 0;
    while index < units.len() {
        let (unit, shown) = &units[index];
        if let Some((next, _)) = units.get(index + 1).filter(|(next, _)| next.param && !unit.param) {
            let singular = naming::singular_pascal(&unit.words.concat());
            let singular_words: Vec<String> = naming::pascal_words(&singular).into_iter().map(str::to_owned).collect();
            // The item is the parameter's name without an `Id` ending.
            let item = next.words.strip_suffix(&["Id".to_owned()]).unwrap_or(&next.words);
            if singular != unit.words.concat() && !item.is_empty() && singular_words.ends_with(item) {
                out.push(singular_words);
                index += 2;
                continue;
            }
        }
        out.push(shown.clone());
        index += 1;
    }
    out
}
