//! Clustering: which sites hold the same entity.
//!
//! A union-find over sites, fed by three rules in order:
//! 1. Sites with the same candidate name (the same JSON key anywhere in the API) are one entity
//!    unless their fields clearly disagree; hint-derived sites (slot roots, `items`) join a
//!    candidate only when their fields overlap it well.
//! 2. Names that end in the same word (`MailingAddress`, `BillingAddress`; `LatestSubscription`
//!    and `Subscription`) are one entity when their fields overlap well, named by that word.
//! 3. Consistency: the objects under one key of one entity are one type, so the children of
//!    merged sites are merged too, until nothing changes.
//!
//! Overlap is weighted by rarity: a key that many entities share (`Uid`, `Created`) says little.

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};

use super::sites::Sites;
use crate::naming;

pub(super) struct Clusters {
    parent: Vec<usize>,
    size: Vec<usize>,
    /// A name given by a suffix merge, on the cluster root at the time of the merge.
    renamed: HashMap<usize, String>,
    /// Hint-derived sites whose fields did not fit their candidate.
    rejected: Vec<bool>,
    /// The first cluster formed under each candidate name: the entity that name stands for.
    primary: IndexMap<String, usize>,
}

impl Clusters {
    fn new(count: usize) -> Clusters {
        Clusters {
            parent: (0..count).collect(),
            size: vec![1; count],
            renamed: HashMap::new(),
            rejected: vec![false; count],
            primary: IndexMap::new(),
        }
    }

    pub fn find(&self, mut site: usize) -> usize {
        while self.parent[site] != site {
            site = self.parent[site];
        }
        site
    }

    fn union(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        // The smaller id stays the root, so a cluster's root is its first site: deterministic.
        let (root, child) = if a < b { (a, b) } else { (b, a) };
        self.parent[child] = root;
        self.size[root] += self.size[child];
        if let Some(name) = self.renamed.remove(&child) {
            self.renamed.entry(root).or_insert(name);
        }
        true
    }

    pub fn renamed(&self, root: usize) -> Option<&str> {
        self.renamed.get(&root).map(String::as_str)
    }

    /// The cluster root of the entity a candidate name stands for (`Account`), if any.
    pub fn entity(&self, name: &str) -> Option<usize> {
        self.primary.get(name).map(|&site| self.find(site))
    }

    pub fn rejected(&self, site: usize) -> bool {
        self.rejected[site]
    }

    /// The member sites of every cluster, clusters in the order of their first site.
    pub fn members(&self, sites: &Sites<'_>) -> IndexMap<usize, Vec<usize>> {
        let mut members: IndexMap<usize, Vec<usize>> = IndexMap::new();
        for site in 0..sites.sites.len() {
            members.entry(self.find(site)).or_default().push(site);
        }
        members.sort_keys();
        members
    }

    /// Whether any occurrence of the cluster has a member (else it is only `{}` placeholders).
    pub fn has_keys(&self, sites: &Sites<'_>, members: &[usize]) -> bool {
        members.iter().any(|&s| !sites.sites[s].keys.is_empty())
    }
}

/// Key weights: 1 / the number of candidate names whose sites have the key.
struct Weights(HashMap<String, f64>);

impl Weights {
    fn new(sites: &Sites<'_>) -> Weights {
        let mut owners: HashMap<&str, IndexSet<&str>> = HashMap::new();
        for site in &sites.sites {
            for key in &site.keys {
                owners.entry(key.as_str()).or_default().insert(site.candidate.as_str());
            }
        }
        Weights(owners.into_iter().map(|(key, names)| (key.to_owned(), 1.0 / names.len() as f64)).collect())
    }

    fn of(&self, key: &str) -> f64 {
        self.0.get(key).copied().unwrap_or(1.0)
    }

    /// Weighted share of the smaller key set that the other one also has, and the count of
    /// shared keys.
    fn overlap(&self, a: &IndexSet<String>, b: &IndexSet<String>) -> (f64, usize) {
        let total = |set: &IndexSet<String>| set.iter().map(|k| self.of(k)).sum::<f64>();
        let shared: Vec<&String> = a.iter().filter(|k| b.contains(*k)).collect();
        let weight: f64 = shared.iter().map(|k| self.of(k)).sum();
        let smaller = total(a).min(total(b));
        let share = if smaller > 0.0 { weight / smaller } else { 0.0 };
        (share, shared.len())
    }

    /// Under the same key name: one entity unless the fields clearly disagree.
    fn loose(&self, a: &IndexSet<String>, b: &IndexSet<String>) -> bool {
        a.is_empty() || b.is_empty() || self.overlap(a, b).0 >= 0.3
    }

    /// Without the same key name: one entity only when the fields overlap well.
    fn strict(&self, a: &IndexSet<String>, b: &IndexSet<String>) -> bool {
        let (share, shared) = self.overlap(a, b);
        let contained = shared == a.len() || shared == b.len();
        shared >= 1 && share >= 0.5 && (shared >= 2 || contained)
    }

    /// Two differently named entities with (nearly) the same fields: one entity
    /// (`PrimaryContact` is a `Person`). The more keys two records share, the less of the rest
    /// has to agree: a dozen shared fields are one record seen with different field selections.
    fn same_entity(&self, a: &IndexSet<String>, b: &IndexSet<String>) -> bool {
        let (share, shared) = self.overlap(a, b);
        (share >= 0.8 && shared >= 4) || (share >= 0.6 && shared >= 8) || (share >= 0.5 && shared >= 12)
    }

    /// A body that is mostly the fields of an entity (`{Person, Account, IsPrimary}` is a
    /// `PersonAccount`).
    fn is_part_of(&self, part: &IndexSet<String>, whole: &IndexSet<String>) -> Option<f64> {
        let (share, shared) = self.overlap(part, whole);
        let covered = shared as f64 / part.len().max(1) as f64;
        (shared >= 2 && share >= 0.7 && covered >= 0.75).then_some(share)
    }
}

/// A cluster being formed within one candidate name.
struct Forming {
    root: usize,
    keys: IndexSet<String>,
}

pub(super) fn solve(sites: &Sites<'_>) -> Clusters {
    let weights = Weights::new(sites);
    let mut clusters = Clusters::new(sites.sites.len());
    let mut groups: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (id, site) in sites.sites.iter().enumerate() {
        groups.entry(site.candidate.clone()).or_default().push(id);
    }
    // Rule 1: per candidate name, keyed sites first (they define the entity), then the others.
    let mut primary: IndexMap<String, (usize, IndexSet<String>)> = IndexMap::new();
    for (name, members) in &groups {
        let mut forming: Vec<Forming> = Vec::new();
        let ordered =
            members.iter().filter(|&&s| sites.sites[s].keyed).chain(members.iter().filter(|&&s| !sites.sites[s].keyed));
        for &site in ordered {
            let info = &sites.sites[site];
            let fits = |f: &Forming| {
                if info.keyed { weights.loose(&info.keys, &f.keys) } else { weights.strict(&info.keys, &f.keys) }
            };
            if let Some(found) = forming.iter_mut().find(|f| fits(f)) {
                clusters.union(found.root, site);
                found.keys.extend(info.keys.iter().cloned());
            } else if info.keyed || (forming.is_empty() && !info.keys.is_empty()) {
                forming.push(Forming { root: site, keys: info.keys.clone() });
            } else {
                clusters.rejected[site] = true;
            }
        }
        if let Some(first) = forming.into_iter().next() {
            primary.insert(name.clone(), (first.root, first.keys));
        }
    }
    clusters.primary = primary.iter().map(|(name, (root, _))| (name.clone(), *root)).collect();
    suffix_merges(&mut clusters, &weights, &primary);
    entity_merges(&mut clusters, &weights, sites);
    adopt_rejected(&mut clusters, &weights, sites);
    adopt_hinted(&mut clusters, &weights, sites);
    consistency(&mut clusters, sites);
    clusters
}

/// The union of member keys and the occurrence count of every current cluster.
fn cluster_keys(clusters: &Clusters, sites: &Sites<'_>) -> IndexMap<usize, (IndexSet<String>, usize)> {
    let mut keys: IndexMap<usize, (IndexSet<String>, usize)> = IndexMap::new();
    for (id, site) in sites.sites.iter().enumerate() {
        let entry = keys.entry(clusters.find(id)).or_default();
        entry.0.extend(site.keys.iter().cloned());
        entry.1 += site.occurrences.len();
    }
    keys
}

/// Entities under different names with nearly the same fields are one; the name with more
/// occurrences wins.
fn entity_merges(clusters: &mut Clusters, weights: &Weights, sites: &Sites<'_>) {
    let keys = cluster_keys(clusters, sites);
    let entities: Vec<(String, usize)> = clusters.primary.iter().map(|(name, &root)| (name.clone(), root)).collect();
    let mut merged: IndexMap<usize, (IndexSet<String>, usize, String)> = IndexMap::new();
    for (name, root) in entities {
        let root = clusters.find(root);
        let Some((own, count)) = keys.get(&root) else {
            continue;
        };
        if own.is_empty() || merged.contains_key(&root) {
            continue;
        }
        let found = merged.iter().find(|(_, (other, _, _))| weights.same_entity(own, other)).map(|(r, _)| *r);
        match found {
            Some(other) => {
                let Some((mut other_keys, other_count, other_name)) = merged.shift_remove(&other) else {
                    continue;
                };
                let name = if *count > other_count { name } else { other_name };
                clusters.union(other, root);
                let new_root = clusters.find(root);
                clusters.renamed.insert(new_root, name.clone());
                other_keys.extend(own.iter().cloned());
                merged.insert(new_root, (other_keys, other_count + count, name));
            }
            None => {
                merged.insert(root, (own.clone(), *count, clusters.renamed(root).map(str::to_owned).unwrap_or(name)));
            }
        }
    }
}

/// Hint-derived sites that did not fit their noun join the entity they are mostly made of.
fn adopt_rejected(clusters: &mut Clusters, weights: &Weights, sites: &Sites<'_>) {
    let keys = cluster_keys(clusters, sites);
    let entities: IndexSet<usize> = clusters.primary.values().map(|&root| clusters.find(root)).collect();
    for id in 0..sites.sites.len() {
        if !clusters.rejected[id] || sites.sites[id].keys.is_empty() {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for &entity in &entities {
            let Some((whole, _)) = keys.get(&entity) else {
                continue;
            };
            if let Some(share) = weights.is_part_of(&sites.sites[id].keys, whole) {
                if best.is_none_or(|(_, s)| share > s) {
                    best = Some((entity, share));
                }
            }
        }
        if let Some((entity, _)) = best {
            clusters.union(entity, id);
            clusters.rejected[id] = false;
        }
    }
}

/// Bodies named only after their operation (`Get Profile`) that are mostly the fields of an
/// entity named by a JSON key are that entity: the profile endpoint returns a `Person`.
fn adopt_hinted(clusters: &mut Clusters, weights: &Weights, sites: &Sites<'_>) {
    let keys = cluster_keys(clusters, sites);
    let keyed: IndexSet<usize> =
        sites.sites.iter().enumerate().filter(|(_, site)| site.keyed).map(|(id, _)| clusters.find(id)).collect();
    let hinted: IndexSet<usize> =
        clusters.primary.values().map(|&root| clusters.find(root)).filter(|root| !keyed.contains(root)).collect();
    for root in hinted {
        let Some((part, _)) = keys.get(&root).filter(|(part, _)| !part.is_empty()) else {
            continue;
        };
        let mut best: Option<(usize, f64)> = None;
        for &entity in &keyed {
            let Some((whole, _)) = keys.get(&entity) else {
                continue;
            };
            if let Some(share) = weights.is_part_of(part, whole) {
                if best.is_none_or(|(_, s)| share > s) {
                    best = Some((entity, share));
                }
            }
        }
        if let Some((entity, _)) = best {
            let name = clusters.renamed(clusters.find(entity)).map(str::to_owned);
            clusters.union(entity, root);
            if let Some(name) = name {
                let merged = clusters.find(entity);
                clusters.renamed.insert(merged, name);
            }
        }
    }
}

/// Rule 2: `MailingAddress` + `BillingAddress` -> `Address`; `LatestSubscription` ->
/// `Subscription`; `SubscriptionAddOn` -> `AddOn` (the longest suffix that is an entity).
fn suffix_merges(clusters: &mut Clusters, weights: &Weights, primary: &IndexMap<String, (usize, IndexSet<String>)>) {
    let mut keys: IndexMap<String, IndexSet<String>> =
        primary.iter().map(|(name, (_, own))| (name.clone(), own.clone())).collect();
    let mut by_last: IndexMap<String, Vec<&str>> = IndexMap::new();
    for (name, (root, own)) in primary {
        let words = naming::pascal_words(name);
        let mut based = false;
        for start in 1..words.len() {
            let suffix = words[start..].concat();
            let Some((base_root, _)) = primary.get(&suffix) else {
                continue;
            };
            let Some(base_keys) = keys.get(&suffix) else {
                continue;
            };
            if weights.strict(own, base_keys) {
                clusters.union(*base_root, *root);
                let merged = clusters.find(*base_root);
                clusters.renamed.insert(merged, suffix.clone());
                if let Some(base_keys) = keys.get_mut(&suffix) {
                    base_keys.extend(own.iter().cloned());
                }
            }
            based = true;
            break;
        }
        let last = words.last().copied().unwrap_or("");
        if !based && words.len() >= 2 && last.len() >= 4 {
            by_last.entry(last.to_owned()).or_default().push(name);
        }
    }
    for (last, names) in by_last {
        let mut groups: Vec<(usize, IndexSet<String>, usize)> = Vec::new();
        for name in names {
            let Some((root, own)) = primary.get(name) else {
                continue;
            };
            if let Some(group) = groups.iter_mut().find(|g| weights.strict(own, &g.1)) {
                clusters.union(group.0, *root);
                group.1.extend(own.iter().cloned());
                group.2 += 1;
            } else {
                groups.push((*root, own.clone(), 1));
            }
        }
        // Only the first group of compatible names takes the shared word; another would clash.
        if let Some((root, _, _)) = groups.into_iter().find(|g| g.2 >= 2) {
            let root = clusters.find(root);
            clusters.renamed.insert(root, last.clone());
        }
    }
    keys.clear();
}

/// Rule 3: the children under one key of one cluster are one cluster.
fn consistency(clusters: &mut Clusters, sites: &Sites<'_>) {
    loop {
        let mut changed = false;
        let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
        for (id, site) in sites.sites.iter().enumerate() {
            let root = clusters.find(id);
            for (key, &child) in &site.children {
                match seen.get(&(root, key.as_str())) {
                    Some(&other) => changed |= clusters.union(other, child),
                    None => {
                        seen.insert((root, key.as_str()), child);
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
}
