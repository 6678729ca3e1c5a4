//! Building: the examples of each cluster become one struct; every position's examples become
//! one [`Ty`].
//!
//! Empty placeholders (`""`, `[]`, `null`, `{}`) never decide a type when anything else is
//! known. Kinds that cannot share one Rust type are resolved leniently and reported: a string
//! next to a number or a bool is a `Loose` scalar, anything worse is `serde_json::Value`.

use indexmap::{IndexMap, IndexSet};
use serde_json::Value;

use super::Slot;
use super::cluster::Clusters;
use super::formats::Formats;
use super::names::Names;
use super::sites::Sites;
use crate::diag::Diagnostics;
use crate::ir::{Field, Location, Struct, Ty, TypeDef, TypeId, TypeKind};
use crate::naming;

/// The inferred types before structurally identical ones are merged. `Ty::Named` ids index
/// `defs`.
pub(super) struct Built {
    pub defs: Vec<TypeDef>,
    /// Whether each def is named after a JSON key (an entity) rather than a slot hint.
    pub keyed: Vec<bool>,
    /// The examples each def was seen in. A field is `optional` here when some occurrence lacks
    /// it; [`super::finalize`] also makes it optional when too few examples show the record.
    pub evidence: Vec<IndexSet<Location>>,
    pub slot_tys: Vec<Ty>,
}

/// What the examples at one position showed, with where each kind was first seen.
#[derive(Default)]
struct Kinds<'a> {
    null: bool,
    bools: Option<&'a Location>,
    ints: Option<&'a Location>,
    floats: Option<&'a Location>,
    strings: Option<&'a Location>,
    /// The formats every non-empty string here has (date-time, date, UUID).
    formats: Option<Formats>,
    empty_strings: Option<&'a Location>,
    objects: IndexSet<usize>,
    objects_at: Option<&'a Location>,
    arrays: Option<&'a Location>,
    items: Option<Box<Kinds<'a>>>,
    maps: Option<&'a Location>,
    values: Option<Box<Kinds<'a>>>,
}

impl<'a> Kinds<'a> {
    /// Adds one value. `maps`: how many map levels this position holds (objects at a lower
    /// level are maps, their values one level further in).
    fn add(&mut self, value: &Value, child: Option<usize>, at: &'a Location, clusters: &Clusters, maps: usize) {
        match value {
            Value::Object(entries) if maps > 0 => {
                self.maps.get_or_insert(at);
                let inner = self.values.get_or_insert_with(Box::default);
                for value in entries.values() {
                    inner.add(value, child, at, clusters, maps - 1);
                }
            }
            Value::Null => self.null = true,
            Value::Bool(_) => {
                self.bools.get_or_insert(at);
            }
            Value::Number(number) => {
                if number.is_i64() {
                    self.ints.get_or_insert(at);
                } else {
                    self.floats.get_or_insert(at);
                }
            }
            Value::String(text) if text.is_empty() => {
                self.empty_strings.get_or_insert(at);
            }
            Value::String(text) => {
                self.strings.get_or_insert(at);
                let formats = Formats::of(text);
                self.formats = Some(self.formats.map_or(formats, |seen| seen.and(formats)));
            }
            Value::Object(_) => {
                self.objects_at.get_or_insert(at);
                if let Some(child) = child {
                    self.objects.insert(clusters.find(child));
                }
            }
            Value::Array(items) => {
                self.arrays.get_or_insert(at);
                let inner = self.items.get_or_insert_with(Box::default);
                for item in items {
                    inner.add(item, child, at, clusters, maps);
                }
            }
        }
    }
}

struct Resolver<'d> {
    ty_of: IndexMap<usize, Ty>,
    /// Whether strings that are date-times, dates or UUIDs in every example get those types.
    formats: bool,
    diags: &'d mut Diagnostics,
}

/// The entity a JSON key names elsewhere in the API, and whether the key is its plural.
#[derive(Clone)]
struct Entity {
    ty: Ty,
    plural: bool,
}

impl Resolver<'_> {
    /// The type for `kinds` and whether `null` was seen. `path` names the position in warnings.
    /// `entity` is the type the position's key names elsewhere in the API, used when the
    /// examples here show only placeholders (`"Account": null`, `"PersonAccount": []`).
    fn resolve(&mut self, kinds: &Kinds<'_>, path: &str, entity: Option<&Entity>) -> (Ty, bool) {
        let string_at = kinds.strings.or(kinds.empty_strings);
        let number_at = kinds.ints.or(kinds.floats);
        let number = if kinds.floats.is_some() { Ty::F64 } else { Ty::I64 };
        let shown: Vec<(&str, &Location)> = [
            ("an object", kinds.objects_at),
            ("an array", kinds.arrays),
            ("a map", kinds.maps),
            ("a bool", kinds.bools),
            ("a number", number_at),
            ("a string", string_at),
        ]
        .into_iter()
        .filter_map(|(kind, at)| at.map(|at| (kind, at)))
        .collect();
        let ty = match shown.as_slice() {
            [] => match entity {
                // Only `null` here: a plural key (`DealPeople`) holds a list of its entity.
                Some(Entity { ty, plural: true }) => Ty::Vec(Box::new(ty.clone())),
                Some(Entity { ty, plural: false }) => ty.clone(),
                None => Ty::Any,
            },
            [("an object", _)] => {
                let mut roots = kinds.objects.iter();
                match (roots.next(), roots.next()) {
                    (Some(root), None) => self.ty_of.get(root).cloned().unwrap_or(Ty::Any),
                    _ => Ty::Any,
                }
            }
            [("an array", _)] => {
                let (item, nullable) = match &kinds.items {
                    Some(items) => {
                        // An item of a list is one of the entity, whatever the key's number.
                        let item = entity.map(|entity| Entity { ty: entity.ty.clone(), plural: false });
                        self.resolve(items, &format!("{path}[]"), item.as_ref())
                    }
                    None => (entity.map_or(Ty::Any, |entity| entity.ty.clone()), false),
                };
                Ty::Vec(Box::new(if nullable { Ty::Option(Box::new(item)) } else { item }))
            }
            [("a map", _)] => {
                let (value, nullable) = match &kinds.values {
                    // A map's key is an id, never the entity's name: only the values tell.
                    Some(values) => self.resolve(values, &format!("{path}{{}}"), None),
                    None => (Ty::Any, false),
                };
                Ty::Map(Box::new(if nullable { Ty::Option(Box::new(value)) } else { value }))
            }
            [("a bool", _)] => Ty::Bool,
            [("a number", _)] => number,
            // A `""` placeholder would not decode as a date or UUID: the position stays text.
            [("a string", _)] => match kinds.formats.and_then(Formats::ty) {
                Some(ty) if self.formats && kinds.empty_strings.is_none() => ty,
                _ => Ty::String,
            },
            [("a bool", _), ("a string", at)] => {
                self.conflict(path, &shown, at, "`Loose<bool>`, which accepts both");
                Ty::Loose(Box::new(Ty::Bool))
            }
            [("a number", _), ("a string", at)] => {
                let what = format!("`Loose<{}>`, which accepts both", if number == Ty::F64 { "f64" } else { "i64" });
                self.conflict(path, &shown, at, &what);
                Ty::Loose(Box::new(number))
            }
            [.., (_, at)] => {
                self.conflict(path, &shown, at, "`serde_json::Value`");
                Ty::Any
            }
        };
        (ty, kinds.null)
    }

    /// Reports kinds that cannot share one type, at the example where the last one appeared.
    fn conflict(&mut self, path: &str, shown: &[(&str, &Location)], at: &Location, what: &str) {
        let kinds: Vec<&str> = shown.iter().map(|(kind, _)| *kind).collect();
        let listed = match kinds.split_last() {
            Some((last, rest)) => {
                format!("{} in some examples and {last} in others", rest.join(", "))
            }
            None => String::new(),
        };
        self.diags.warning("conflicting-example-types", at, format!("`{path}` is {listed}; it is typed as {what}"));
    }
}

pub(super) fn build(
    sites: &Sites<'_>,
    clusters: &Clusters,
    names: &Names,
    slots: &[Slot],
    formats: bool,
    diags: &mut Diagnostics,
) -> Built {
    let members = clusters.members(sites);
    let mut resolver = Resolver { ty_of: IndexMap::new(), formats, diags };
    let mut order = Vec::new();
    for (&root, list) in &members {
        if clusters.has_keys(sites, list) {
            resolver.ty_of.insert(root, Ty::Named(TypeId(order.len())));
            order.push(root);
        } else {
            resolver.ty_of.insert(root, Ty::Map(Box::new(Ty::Any)));
        }
    }
    let mut defs = Vec::new();
    let mut keyed = Vec::new();
    let mut evidence = Vec::new();
    for &root in &order {
        let list = members.get(&root).map(Vec::as_slice).unwrap_or(&[]);
        let name = names.by_root.get(&root).cloned().unwrap_or_else(|| "Value".to_owned());
        let mut total = 0usize;
        let mut examples: IndexSet<Location> = IndexSet::new();
        let mut location = None;
        let mut fields: IndexMap<&str, (usize, Kinds<'_>)> = IndexMap::new();
        for &member in list {
            let site = &sites.sites[member];
            for occurrence in &site.occurrences {
                total += 1;
                if !examples.contains(occurrence.at) {
                    examples.insert(occurrence.at.clone());
                }
                location.get_or_insert(occurrence.at);
                for (key, value) in occurrence.object {
                    let entry = fields.entry(key.as_str()).or_default();
                    entry.0 += 1;
                    let maps = site.maps.get(key).copied().unwrap_or(0);
                    entry.1.add(value, site.children.get(key).copied(), occurrence.at, clusters, maps);
                }
            }
        }
        let mut taken = IndexSet::new();
        let mut out = Vec::new();
        for (wire, (count, kinds)) in &fields {
            let own = naming::pascal(wire);
            let singular = naming::singular_pascal(&own);
            let entity = [(own.as_str(), false), (singular.as_str(), singular != own)]
                .into_iter()
                .filter_map(|(candidate, plural)| clusters.entity(candidate).map(|root| (root, plural)))
                .find_map(|(root, plural)| {
                    let ty = resolver.ty_of.get(&root).filter(|ty| matches!(ty, Ty::Named(_)))?;
                    Some(Entity { ty: ty.clone(), plural })
                });
            let (ty, nullable) = resolver.resolve(kinds, &format!("{name}.{wire}"), entity.as_ref());
            out.push(Field {
                // Examples never say a member is required: one seen as `null` is left out when
                // `None`, as one missing from some examples is.
                optional: *count < total || nullable,
                nullable,
                ..Field::new(naming::unique(naming::snake(wire), &mut taken), *wire, ty)
            });
        }
        defs.push(TypeDef {
            name,
            docs: None,
            kind: TypeKind::Struct(Struct { fields: out, additional: Some(Ty::Any) }),
            location: location.cloned().unwrap_or_else(|| {
                list.first().map(|&m| slots[sites.sites[m].slot].location.clone()).unwrap_or_default()
            }),
        });
        keyed.push(names.keyed.get(&root).copied().unwrap_or(false));
        evidence.push(examples);
    }
    let mut slot_tys = Vec::new();
    for (index, slot) in slots.iter().enumerate() {
        if slot.examples.is_empty() {
            slot_tys.push(Ty::Any);
            continue;
        }
        let mut kinds = Kinds::default();
        for (value, at) in &slot.examples {
            kinds.add(value, sites.roots[index], at, clusters, sites.root_maps[index]);
        }
        let (ty, nullable) = resolver.resolve(&kinds, &slot.name_hint, None);
        slot_tys.push(if nullable && ty != Ty::Any { Ty::Option(Box::new(ty)) } else { ty });
    }
    Built { defs, keyed, evidence, slot_tys }
}
