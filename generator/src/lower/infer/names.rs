//! Type names: one PascalCase name per cluster, deterministic, without `Item`/digit suffix soup.
//!
//! A cluster takes the name its members agree on: the suffix word it was merged under
//! (`Address`), else the most common key-derived candidate (`Person`), else a name derived from
//! the slot hint (`Person` from `GetPersonResponse` when several operations agree, the hint itself
//! otherwise). When two clusters want one name, the larger keeps it and the other is qualified by
//! its parent (`SubscriptionPlan`).

use indexmap::{IndexMap, IndexSet};
use serde_json::Value;

use super::Slot;
use super::cluster::Clusters;
use super::sites::Sites;
use crate::naming;

/// Names the generated code already uses next to the models.
const RESERVED: &[&str] = &["Client", "Error", "Response"];

/// Trailing words of a name hint that say where the body is, not what it is.
const HINT_TAILS: &[&str] = &["Response", "Request", "Body", "Payload"];

/// Leading words of an operation name that are verbs or fillers, not the noun.
const HINT_VERBS: &[&str] = &[
    "get",
    "list",
    "add",
    "create",
    "update",
    "delete",
    "remove",
    "set",
    "put",
    "post",
    "patch",
    "fetch",
    "retrieve",
    "find",
    "search",
    "register",
    "change",
    "cancel",
    "initiate",
    "send",
    "subscribe",
    "unsubscribe",
    "extend",
    "read",
    "query",
    "upload",
    "download",
    "replace",
    "modify",
    "edit",
    "new",
    "all",
    "my",
    "a",
    "an",
    "the",
    "existing",
    "first",
    "time",
    "current",
    "specific",
    "single",
    "authenticate",
    "verify",
    "check",
    "validate",
    "generate",
    "bulk",
    "batch",
    "show",
    "view",
    "make",
    "do",
    "start",
    "stop",
];

/// Words that end the noun phrase of an operation name.
const HINT_STOPS: &[&str] =
    &["with", "to", "by", "for", "from", "of", "in", "on", "and", "or", "at", "into", "via", "using", "preview", "as"];

/// `GetAccountResponse` -> `GetAccount`: the hint without its position words and status digits.
pub(super) fn strip_hint(hint: &str) -> String {
    let trimmed = hint.trim_end_matches(|c: char| c.is_ascii_digit());
    let mut words = naming::pascal_words(trimmed);
    while words.len() > 1 && words.last().is_some_and(|w| HINT_TAILS.contains(w)) {
        words.pop();
    }
    words.concat()
}

/// The noun an operation is about: `GetAllPeopleResponse` -> `People`, `AddAccountWithExisting
/// PersonRequest` -> `Account`, `GetAccountOfferingsResponse` -> `AccountOfferings`.
pub(super) fn hint_noun(hint: &str) -> Option<String> {
    let stripped = strip_hint(hint);
    // A possessive spelled out by casing (`Account's` -> `AccountS`) leaves a lone `S`.
    let words: Vec<&str> = naming::pascal_words(&stripped).into_iter().filter(|w| *w != "S").collect();
    let noun: Vec<&str> = words
        .iter()
        .skip_while(|w| HINT_VERBS.contains(&w.to_ascii_lowercase().as_str()))
        .take_while(|w| !HINT_STOPS.contains(&w.to_ascii_lowercase().as_str()))
        .copied()
        .collect();
    if noun.is_empty() || noun.concat() == stripped {
        // Without a verb in front the hint is not an operation name; the hint itself is used.
        return None;
    }
    Some(noun.concat())
}

/// The names chosen for every cluster root.
pub(super) struct Names {
    pub by_root: IndexMap<usize, String>,
    /// Whether the name comes from a JSON key (an entity) rather than from a slot hint.
    pub keyed: IndexMap<usize, bool>,
}

pub(super) fn assign(sites: &Sites<'_>, clusters: &Clusters, slots: &[Slot]) -> Names {
    let _ = slots;
    let members = clusters.members(sites);
    let keys = object_keys(sites);
    let mut wanted: Vec<(usize, String, bool, usize)> = Vec::new();
    for (&root, list) in &members {
        if !clusters.has_keys(sites, list) {
            continue;
        }
        let occurrences: usize = list.iter().map(|&s| sites.sites[s].occurrences.len()).sum();
        let (name, keyed) = preferred(sites, clusters, root, list, &keys);
        wanted.push((root, name, keyed, occurrences));
    }
    // The largest cluster that wants a name keeps it; the others are qualified by their parent.
    let mut best: IndexMap<String, (usize, usize)> = IndexMap::new();
    for (index, (_, name, _, weight)) in wanted.iter().enumerate() {
        let entry = best.entry(name.clone()).or_insert((index, *weight));
        if *weight > entry.1 {
            *entry = (index, *weight);
        }
    }
    let mut taken: IndexSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut by_root = IndexMap::new();
    let mut keyed_by_root = IndexMap::new();
    let mut losers = Vec::new();
    for (index, (root, name, keyed, _)) in wanted.iter().enumerate() {
        if best.get(name).is_some_and(|(winner, _)| *winner == index) && !RESERVED.contains(&name.as_str()) {
            taken.insert(name.clone());
            by_root.insert(*root, name.clone());
            keyed_by_root.insert(*root, *keyed);
        } else {
            losers.push((*root, name.clone(), *keyed));
        }
    }
    for (root, name, keyed) in losers {
        let list = members.get(&root).map(Vec::as_slice).unwrap_or(&[]);
        let mut options = Vec::new();
        if RESERVED.contains(&name.as_str()) {
            options.push(format!("Api{name}"));
        }
        options.extend(list.iter().map(|&s| sites.sites[s].fallback.clone()));
        let chosen = options.iter().find(|o| !taken.contains(*o)).cloned();
        let chosen = chosen.unwrap_or_else(|| naming::unique(options.first().cloned().unwrap_or(name), &mut taken));
        taken.insert(chosen.clone());
        by_root.insert(root, chosen);
        keyed_by_root.insert(root, keyed);
    }
    Names { by_root, keyed: keyed_by_root }
}

/// Every JSON member name (PascalCase) that holds objects or only `null` wherever it appears:
/// the names an API gives its records.
fn object_keys(sites: &Sites<'_>) -> IndexSet<String> {
    let mut kinds: IndexMap<&str, bool> = IndexMap::new();
    for occurrence in sites.sites.iter().flat_map(|site| &site.occurrences) {
        for (key, value) in occurrence.object {
            let record = matches!(value, Value::Object(_) | Value::Null);
            *kinds.entry(key.as_str()).or_insert(true) &= record;
        }
    }
    kinds.into_iter().filter(|(_, record)| *record).map(|(key, _)| naming::pascal(key)).collect()
}

/// The name a cluster's members agree on. `keys` holds the names of the API's records
/// ([`object_keys`]).
fn preferred(
    sites: &Sites<'_>,
    clusters: &Clusters,
    root: usize,
    list: &[usize],
    keys: &IndexSet<String>,
) -> (String, bool) {
    if let Some(name) = clusters.renamed(root) {
        return (name.to_owned(), true);
    }
    let mut counts: IndexMap<&str, usize> = IndexMap::new();
    for &s in list {
        let site = &sites.sites[s];
        if site.keyed {
            *counts.entry(site.candidate.as_str()).or_default() += site.occurrences.len();
        }
    }
    let mut top: Option<(&str, usize)> = None;
    for (name, count) in &counts {
        if top.is_none_or(|(_, best)| *count > best) {
            top = Some((name, *count));
        }
    }
    if let Some((name, _)) = top {
        return (name.to_owned(), true);
    }
    // Only hint-derived members: the noun of a list's entries (`Subscriber` from
    // `GetAllSubscribersToListResponse.items`) is trusted; a top-level body is named by its
    // operation unless several operations agree on the noun, or the noun is a JSON key
    // elsewhere (`PaymentInformation: null` in an account names the body of "Update payment
    // information").
    let accepted: Vec<usize> = list.iter().copied().filter(|&s| !clusters.rejected(s)).collect();
    let slots: IndexSet<usize> = accepted.iter().map(|&s| sites.sites[s].slot).collect();
    match accepted.first() {
        Some(&first)
            if slots.len() >= 2
                || sites.sites[first].parent.is_some()
                || keys.contains(&sites.sites[first].candidate) =>
        {
            (sites.sites[first].candidate.clone(), false)
        }
        _ => (list.first().map(|&s| sites.sites[s].fallback.clone()).unwrap_or_default(), false),
    }
}
