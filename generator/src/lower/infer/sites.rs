//! Sites: the positions in the examples where objects occur.
//!
//! A site is a slot root, or a JSON key below another site (an object value, or the objects in an
//! array value: `PersonAccount: [{...}]` and `PersonAccount: {...}` are the same site). Every
//! object in every example is an occurrence of exactly one site. Each site also gets the name it
//! would like to have: from its key (`offerings[]` -> `Offering`), or, for slot roots and
//! generic container keys (`items`, `data`), from the slot's name hint.

use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value};

use super::Slot;
use super::maps::{MapPositions, Step};
use super::names::{hint_noun, strip_hint};
use crate::ir::Location;
use crate::naming;

/// Keys that say "here is a list/payload" rather than what the payload is.
pub(super) const GENERIC_KEYS: &[&str] = &[
    "items", "item", "data", "results", "result", "records", "record", "list", "values", "value", "entries", "objects",
    "rows", "content", "contents", "elements", "hits", "nodes", "payload", "response", "body",
];

/// One object in one example.
pub(super) struct Occurrence<'a> {
    pub object: &'a Map<String, Value>,
    pub at: &'a Location,
}

pub(super) struct Site<'a> {
    pub parent: Option<usize>,
    /// The JSON key; `None` for a slot root.
    pub key: Option<String>,
    pub slot: usize,
    /// Seen as an object value (not only inside arrays).
    pub direct: bool,
    pub occurrences: Vec<Occurrence<'a>>,
    /// Every member key of every occurrence, in first-seen order.
    pub keys: IndexSet<String>,
    /// The sites of the objects below each member key.
    pub children: IndexMap<String, usize>,
    /// The member keys that hold maps, with how many map levels are nested there (a map of
    /// maps is 2); the objects inside the innermost level are the site in `children`.
    pub maps: IndexMap<String, usize>,
    /// The name this site would like, and whether it comes from a JSON key (strong evidence of
    /// an entity) rather than from a name hint.
    pub candidate: String,
    pub keyed: bool,
    /// The name to use when the site cannot share its candidate's type: qualified by its parent
    /// (`SubscriptionPlan`) or the slot's hint (`GetAccountOfferingsResponse`).
    pub fallback: String,
}

/// Where a value is being visited: below which site and key, in which slot, inside an array,
/// inside how many maps at this position.
#[derive(Clone, Copy)]
struct Place<'k> {
    parent: Option<usize>,
    key: Option<&'k str>,
    slot: usize,
    in_array: bool,
    depth: usize,
}

pub(super) struct Sites<'a> {
    pub sites: Vec<Site<'a>>,
    /// The root site of each slot, when some example of it holds an object.
    pub roots: Vec<Option<usize>>,
    /// How many map levels each slot's body is (0: not a map); the objects inside the innermost
    /// level are the slot's root site.
    pub root_maps: Vec<usize>,
    positions: MapPositions,
}

impl<'a> Sites<'a> {
    pub fn collect(slots: &'a [Slot]) -> Sites<'a> {
        let positions = MapPositions::find(slots);
        let mut sites =
            Sites { sites: Vec::new(), roots: vec![None; slots.len()], root_maps: vec![0; slots.len()], positions };
        for (index, slot) in slots.iter().enumerate() {
            for (value, at) in &slot.examples {
                sites.visit(
                    value,
                    Place { parent: None, key: None, slot: index, in_array: false, depth: 0 },
                    at,
                    &mut Vec::new(),
                );
            }
        }
        sites.name(slots);
        sites
    }

    fn site(&mut self, parent: Option<usize>, key: Option<&str>, slot: usize) -> usize {
        let existing = match (parent, key) {
            (Some(parent), Some(key)) => self.sites[parent].children.get(key).copied(),
            _ => self.roots[slot],
        };
        if let Some(existing) = existing {
            return existing;
        }
        let id = self.sites.len();
        self.sites.push(Site {
            parent,
            key: key.map(str::to_owned),
            slot,
            direct: false,
            occurrences: Vec::new(),
            keys: IndexSet::new(),
            children: IndexMap::new(),
            maps: IndexMap::new(),
            candidate: String::new(),
            keyed: false,
            fallback: String::new(),
        });
        match (parent, key) {
            (Some(parent), Some(key)) => {
                self.sites[parent].children.insert(key.to_owned(), id);
            }
            _ => self.roots[slot] = Some(id),
        }
        id
    }

    fn visit(&mut self, value: &'a Value, place: Place<'_>, at: &'a Location, path: &mut Vec<Step>) {
        let Place { parent, key, slot, in_array, depth } = place;
        match value {
            Value::Object(object) if self.positions.contains(slot, path) => {
                // A map has no site of its own: its values are the objects at this position,
                // as the items of an array are.
                let levels = match (parent, key) {
                    (Some(parent), Some(key)) => self.sites[parent].maps.entry(key.to_owned()).or_default(),
                    _ => &mut self.root_maps[slot],
                };
                *levels = (*levels).max(depth + 1);
                path.push(Step::Values);
                for inner in object.values() {
                    self.visit(inner, Place { in_array: true, depth: depth + 1, ..place }, at, path);
                }
                path.pop();
            }
            Value::Object(object) => {
                let id = self.site(parent, key, slot);
                let site = &mut self.sites[id];
                site.direct |= !in_array;
                site.occurrences.push(Occurrence { object, at });
                site.keys.extend(object.keys().cloned());
                for (member, inner) in object {
                    if matches!(inner, Value::Object(_) | Value::Array(_)) {
                        path.push(Step::Key(member.clone()));
                        let place = Place { parent: Some(id), key: Some(member), slot, in_array: false, depth: 0 };
                        self.visit(inner, place, at, path);
                        path.pop();
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.visit(item, Place { in_array: true, ..place }, at, path);
                }
            }
            _ => {}
        }
    }

    /// Gives every site its candidate and fallback names. Parents are created before their
    /// children, so a parent's names are known when its children are named.
    fn name(&mut self, slots: &[Slot]) {
        for id in 0..self.sites.len() {
            let site = &self.sites[id];
            let array_only = !site.direct;
            let hint = naming::pascal(&slots[site.slot].name_hint);
            let noun = hint_noun(&hint);
            let (candidate, keyed, fallback) = match (site.parent, &site.key) {
                (Some(parent), Some(key)) => {
                    let parent_site = &self.sites[parent];
                    let parent_is_root = parent_site.parent.is_none();
                    let parent_name = if parent_is_root { strip_hint(&hint) } else { parent_site.candidate.clone() };
                    if GENERIC_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                        let fallback = if array_only {
                            format!("{parent_name}Entry")
                        } else {
                            format!("{parent_name}{}", naming::pascal(key))
                        };
                        let candidate = match (&noun, parent_is_root) {
                            (Some(noun), true) if array_only => naming::singular_pascal(noun),
                            (Some(noun), true) => noun.clone(),
                            _ => fallback.clone(),
                        };
                        (candidate, false, fallback)
                    } else {
                        let own = naming::pascal(key);
                        let candidate = if array_only { naming::singular_pascal(&own) } else { own };
                        let fallback = format!("{parent_name}{candidate}");
                        (candidate, true, fallback)
                    }
                }
                _ => {
                    // A status code at the end of a hint would be a digit suffix on the type.
                    let plain = hint.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
                    let fallback = if array_only { format!("{}Entry", strip_hint(&hint)) } else { plain };
                    let candidate = match &noun {
                        Some(noun) if array_only => naming::singular_pascal(noun),
                        Some(noun) => noun.clone(),
                        None => fallback.clone(),
                    };
                    (candidate, false, fallback)
                }
            };
            let site = &mut self.sites[id];
            site.candidate = candidate;
            site.keyed = keyed;
            site.fallback = fallback;
        }
    }
}
