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
pub fn shorten_bodies(types: &mut TypeSpace) {
    let proposals: Vec<(usize, Vec<String>)> = types
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| !is_documented(def))
        .filter_map(|(index, def)| Some((index, proposals(&def.name, body_path(&def.location.pointer)?)?)))
        .collect();
    let before: Vec<String> = types.types.iter().map(|def| def.name.clone()).collect();
    super::grant(types, proposals);
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
    super::grant(types, followers);
}

/// The path template of an operation body's schema pointer
/// (`/paths/~1v1~1customers~1{customer}/post/requestBody/content/application~1json/schema`);
/// `None` for any other position.
fn body_path(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/paths/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    let body = match segments.as_slice() {
        [path, _method, "requestBody", "content", _media, "schema"] => path,
        [path, _method, "responses", _status, "content", _media, "schema"] => path,
        _ => return None,
    };
    Some(body.replace("~1", "/").replace("~0", "~"))
}

/// One segment of a path as it appears in a name: its words, and whether it is a parameter.
struct Unit {
    words: Vec<String>,
    param: bool,
}

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
    let candidate = |skip: usize| -> String {
        let middle: Vec<&str> = collapsed[skip..].iter().flatten().map(String::as_str).collect();
        format!("{}{}{}", verb.concat(), middle.concat(), ending.concat())
    };
    let last = collapsed.len().saturating_sub(1);
    let fits = (0..=last).find(|&skip| candidate(skip).len() <= LONG_NAME);
    let order: Vec<usize> = match fits {
        Some(0) => vec![0],
        Some(first) => (first..=last).chain((0..first).rev()).collect(),
        None => (0..=last).rev().collect(),
    };
    let list: Vec<String> = order.into_iter().map(candidate).filter(|candidate| candidate != name).collect();
    (!list.is_empty()).then_some(list)
}

/// Matches the path's units, in order, against the start of `words`; units the name leaves out
/// (`v1`) are skipped. Returns the matched units and how many words they cover, or `None` when
/// none matched or the words after them are not an ending (at least one word, starting with a
/// capital).
fn match_units<'u>(words: &[String], units: &'u [Unit]) -> Option<(Vec<&'u Unit>, usize)> {
    let mut at = 0;
    let mut matched = Vec::new();
    for unit in units {
        if !unit.words.is_empty() && words[at..].starts_with(&unit.words) {
            at += unit.words.len();
            matched.push(unit);
        }
    }
    (!matched.is_empty() && at < words.len()).then_some((matched, at))
}

/// The matched units with each collection followed by its own item (`Customers` `Customer`,
/// `PaymentIntents` `Intent`) made one singular unit (`Customer`, `PaymentIntent`).
fn collapse(units: Vec<&Unit>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut index = 0;
    while index < units.len() {
        let unit = units[index];
        if let Some(next) = units.get(index + 1).filter(|next| next.param && !unit.param) {
            let singular = naming::singular_pascal(&unit.words.concat());
            let singular_words: Vec<String> = naming::pascal_words(&singular).into_iter().map(str::to_owned).collect();
            if singular != unit.words.concat() && singular_words.ends_with(&next.words) {
                out.push(singular_words);
                index += 2;
                continue;
            }
        }
        out.push(unit.words.clone());
        index += 1;
    }
    out
}
