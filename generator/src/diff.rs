//! What a regeneration does to the generated Rust API: two [`Surface`]s in, a classified list of
//! changes out.
//!
//! The classes are a Rust user's, not an HTTP client's:
//! - **breaking**: code that compiled against the old module may not compile (or may behave
//!   differently) against the new one: an item removed or renamed, a type changed, something made
//!   required, auth or the base URL changed, a field added to a struct users build with a literal,
//!   a variant added to an enum users `match` exhaustively;
//! - **additive**: new items that existing code does not see: an operation, a type, an auth
//!   scheme, an optional parameter (endpoint structs are `#[non_exhaustive]` and built with
//!   `new()` and setters), a value of an open enum (`#[non_exhaustive]`, with a catch-all variant
//!   that used to hold it), a documented status whose body keeps the operation's types;
//! - **docs**: only documentation changed.
//!
//! Pure functions: the CLI reads the files and prints the [`Report`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::surface::{Entry, Surface};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Breaking,
    Additive,
    Docs,
}

impl Class {
    fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Docs => "docs",
        }
    }
}

/// One change to one item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub class: Class,
    /// The item as a Rust user names it: "operation `get_offerings`", "field `Offering::quantity`".
    pub subject: String,
    /// What happened to it, with the old and new Rust text where that helps.
    pub what: String,
    /// `file#pointer` of the spec text that caused it (the old spec for a removal).
    pub location: String,
}

/// The changes to one API module, breaking first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub api: String,
    pub changes: Vec<Change>,
    /// Set when there was no earlier surface to compare with (a new API).
    pub new_api: bool,
    /// Set when the API is gone from the manifest.
    pub removed_api: bool,
}

impl Report {
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|change| change.class == class).count()
    }

    pub fn has_breaking(&self) -> bool {
        self.removed_api || self.count(Class::Breaking) > 0
    }

    /// The report as Markdown, for a pull request description: a heading per API, a bullet per
    /// change.
    pub fn markdown(&self) -> String {
        let mut text = self.to_string();
        if self.changes.is_empty() {
            return format!("### {text}");
        }
        text = format!("### {}\n\n", text.lines().next().unwrap_or_default());
        for change in &self.changes {
            text.push_str(&format!(
                "- **{}** {}: {} (`{}`)\n",
                change.class.label(),
                change.subject,
                change.what,
                change.location
            ));
        }
        text
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.new_api {
            return writeln!(f, "{}: new API (no earlier surface to compare with)", self.api);
        }
        if self.removed_api {
            return writeln!(f, "{}: breaking: the API module is removed", self.api);
        }
        if self.changes.is_empty() {
            return writeln!(f, "{}: no change to the generated API", self.api);
        }
        writeln!(
            f,
            "{}: {} breaking, {} additive, {} docs",
            self.api,
            self.count(Class::Breaking),
            self.count(Class::Additive),
            self.count(Class::Docs)
        )?;
        for change in &self.changes {
            writeln!(
                f,
                "  {:<8}  {}: {}\n            --> {}",
                change.class.label(),
                change.subject,
                change.what,
                change.location
            )?;
        }
        Ok(())
    }
}

/// The report for one API. `old` is `None` for an API with no recorded surface, `new` is `None`
/// for an API that is gone.
pub fn compare(api: &str, old: Option<&Surface>, new: Option<&Surface>) -> Report {
    let (old, new) = match (old, new) {
        (None, _) => return Report { api: api.to_owned(), new_api: new.is_some(), ..Report::default() },
        (Some(_), None) => return Report { api: api.to_owned(), removed_api: true, ..Report::default() },
        (Some(old), Some(new)) => (old, new),
    };
    let mut changes = Vec::new();
    let removed: BTreeMap<&str, &Entry> =
        old.entries.iter().filter(|(key, _)| !new.entries.contains_key(*key)).map(|(k, e)| (k.as_str(), e)).collect();
    let added: BTreeMap<&str, &Entry> =
        new.entries.iter().filter(|(key, _)| !old.entries.contains_key(*key)).map(|(k, e)| (k.as_str(), e)).collect();
    let renames = renames(old, new, &removed, &added);
    // A removed or added item reports its own lines once: its children are not listed again.
    let gone_parents: BTreeSet<&str> =
        removed.keys().copied().chain(added.keys().copied()).filter(|key| Key::parse(key).is_parent()).collect();
    // Docs of an item that is itself removed or added say nothing more.
    let covered = |key: &str| {
        let parsed = Key::parse(key);
        let described = key.strip_suffix(" docs").filter(|_| parsed.kind == KeyKind::Docs);
        parsed.parent().is_some_and(|parent| gone_parents.contains(parent.as_str()))
            || described.is_some_and(|item| removed.contains_key(item) || added.contains_key(item))
    };
    // A renamed type changes the text of every place that names it: those are not listed again.
    let type_renames: Vec<(&str, &str)> = renames
        .iter()
        .filter_map(|(from, to)| Some((from.strip_prefix("type ")?, to.strip_prefix("type ")?)))
        .collect();
    for (from, to) in &renames {
        let Some(new_entry) = added.get(to.as_str()) else { continue };
        changes.push(Change {
            class: Class::Breaking,
            subject: Key::parse(from).subject(),
            what: format!("renamed to {}", Key::parse(to).name_in_code()),
            location: new_entry.location.clone(),
        });
    }
    let renamed_from: BTreeSet<&str> = renames.iter().map(|(from, _)| from.as_str()).collect();
    let renamed_to: BTreeSet<&str> = renames.iter().map(|(_, to)| to.as_str()).collect();
    for (key, entry) in &removed {
        if covered(key) || renamed_from.contains(key) {
            continue;
        }
        changes.push(removal(&Key::parse(key), entry));
    }
    for (key, entry) in &added {
        if covered(key) || renamed_to.contains(key) {
            continue;
        }
        changes.push(addition(&Key::parse(key), entry, new));
    }
    for (key, old_entry) in &old.entries {
        let Some(new_entry) = new.entries.get(key) else { continue };
        if old_entry.value != new_entry.value && rename_types(&old_entry.value, &type_renames) != new_entry.value {
            changes.push(modification(&Key::parse(key), &old_entry.value, new_entry));
        }
    }
    changes.sort();
    Report { api: api.to_owned(), changes, new_api: false, removed_api: false }
}

/// Items that went away under one name and came back under another: an operation with the same
/// method and path, a type whose content is the same, a field or parameter with the same wire name.
fn renames(
    old: &Surface,
    new: &Surface,
    removed: &BTreeMap<&str, &Entry>,
    added: &BTreeMap<&str, &Entry>,
) -> Vec<(String, String)> {
    let signature = |surface: &Surface, key: &Key, entry: &Entry| match key.kind {
        KeyKind::Type => Some(type_content(surface, key.raw)),
        KeyKind::Operation => {
            Some(entry.value.rsplit_once(' ').map_or(entry.value.clone(), |(head, _)| head.to_owned()))
        }
        _ => wire_name(&entry.value).map(str::to_owned),
    };
    // Every added item by what would make it a rename target, computed once: comparing each
    // removed item with each added one is quadratic, and a large API renames thousands at once.
    let mut targets: HashMap<(KeyKind, Option<String>, String), Vec<&str>> = HashMap::new();
    for (to, entry) in added {
        let to_key = Key::parse(to);
        if let Some(content) = signature(new, &to_key, entry) {
            targets.entry((to_key.kind, to_key.parent(), content)).or_default().push(*to);
        }
    }
    let mut pairs = Vec::new();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for (from, old_entry) in removed {
        let from_key = Key::parse(from);
        if !from_key.is_renamable() || from_key.parent().is_some_and(|p| removed.contains_key(p.as_str())) {
            continue;
        }
        let Some(wanted) = signature(old, &from_key, old_entry) else { continue };
        let candidates: Vec<&str> = targets
            .get(&(from_key.kind, from_key.parent(), wanted))
            .map(|found| found.iter().copied().filter(|to| !used.contains(to)).collect())
            .unwrap_or_default();
        // Only an unambiguous match is a rename; two lookalikes are a removal and additions.
        if let [to] = candidates.as_slice() {
            used.insert(to);
            pairs.push(((*from).to_owned(), (*to).to_owned()));
        }
    }
    pairs
}

/// `value` with every whole identifier that names a renamed type replaced by its new name.
fn rename_types(value: &str, renames: &[(&str, &str)]) -> String {
    if renames.is_empty() {
        return value.to_owned();
    }
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let renamed = renames.iter().find(|(from, _)| *from == word.as_str()).map_or(word.as_str(), |(_, to)| to);
        out.push_str(renamed);
        word.clear();
    };
    for c in value.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A type's kind and members, without its name and docs: equal for a type that was only renamed.
fn type_content(surface: &Surface, key: &str) -> String {
    let prefix = format!("{key} ");
    let mut content = surface.entries.get(key).map(|e| e.value.clone()).unwrap_or_default();
    for (child, entry) in surface.entries.range(prefix.clone()..) {
        let Some(rest) = child.strip_prefix(&prefix) else { break };
        if !rest.ends_with(" docs") {
            content.push_str(&format!("\n{rest} = {}", entry.value));
        }
    }
    content
}

/// The quoted wire name at the end of a field or parameter value.
fn wire_name(value: &str) -> Option<&str> {
    let start = value.find(" \"")?;
    Some(&value[start + 1..])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KeyKind {
    BaseUrl,
    Auth,
    Operation,
    OperationAuth,
    Output,
    ErrorType,
    Param,
    Body,
    Response,
    Type,
    Field,
    Variant,
    Docs,
    Unknown,
}

/// A surface key taken apart: `type Offering field quantity` is a field of `Offering`.
struct Key<'a> {
    raw: &'a str,
    kind: KeyKind,
    words: Vec<&'a str>,
}

impl<'a> Key<'a> {
    fn parse(raw: &'a str) -> Key<'a> {
        let words: Vec<&str> = raw.split(' ').collect();
        let kind = match words.as_slice() {
            [.., "docs"] => KeyKind::Docs,
            ["api", "base_url"] => KeyKind::BaseUrl,
            ["auth", _] => KeyKind::Auth,
            ["op", _] => KeyKind::Operation,
            ["op", _, "auth"] => KeyKind::OperationAuth,
            ["op", _, "output"] => KeyKind::Output,
            ["op", _, "error"] => KeyKind::ErrorType,
            ["op", _, "param", _] => KeyKind::Param,
            ["op", _, "body", _] => KeyKind::Body,
            ["op", _, "response", _] => KeyKind::Response,
            ["type", _] => KeyKind::Type,
            ["type", _, "field", _] => KeyKind::Field,
            ["type", _, "variant", _] => KeyKind::Variant,
            _ => KeyKind::Unknown,
        };
        Key { raw, kind, words }
    }

    fn is_parent(&self) -> bool {
        matches!(self.kind, KeyKind::Operation | KeyKind::Type)
    }

    fn is_renamable(&self) -> bool {
        matches!(self.kind, KeyKind::Operation | KeyKind::Type | KeyKind::Field | KeyKind::Param)
    }

    /// The operation or type this line belongs to (`op get_offerings` for its parameters).
    fn parent(&self) -> Option<String> {
        match self.words.as_slice() {
            [kind @ ("op" | "type"), name, _, ..] => Some(format!("{kind} {name}")),
            _ => None,
        }
    }

    /// The item as written in Rust code.
    fn name_in_code(&self) -> String {
        match self.words.as_slice() {
            ["op", op] | ["op", op, ..] if self.kind == KeyKind::Operation => format!("`{op}`"),
            ["type", ty] => format!("`{ty}`"),
            ["type", ty, _, member, ..] => format!("`{ty}::{member}`"),
            ["op", _, _, member, ..] => format!("`{member}`"),
            _ => format!("`{}`", self.raw),
        }
    }

    /// The item as a sentence subject: "operation `get_offerings`".
    fn subject(&self) -> String {
        let words = self.words.as_slice();
        let of_docs = |key: &str| Key::parse(key).subject();
        match (self.kind, words) {
            (KeyKind::Docs, _) => of_docs(self.raw.trim_end_matches(" docs")),
            (KeyKind::BaseUrl, _) => "default base URL".to_owned(),
            (KeyKind::Auth, [_, name]) => format!("auth scheme `{name}`"),
            (KeyKind::Operation, [_, op]) => format!("operation `{op}`"),
            (KeyKind::OperationAuth, [_, op, ..]) => format!("auth of operation `{op}`"),
            (KeyKind::Output, [_, op, ..]) => format!("success type of operation `{op}`"),
            (KeyKind::ErrorType, [_, op, ..]) => format!("error body type of operation `{op}`"),
            (KeyKind::Param, [_, op, _, param]) => format!("parameter `{param}` of operation `{op}`"),
            (KeyKind::Body, [_, op, ..]) => format!("request body of operation `{op}`"),
            (KeyKind::Response, [_, op, _, status]) => format!("response {status} of operation `{op}`"),
            (KeyKind::Type, [_, ty]) => format!("type `{ty}`"),
            (KeyKind::Field, [_, ty, _, field]) => format!("field `{ty}::{field}`"),
            (KeyKind::Variant, [_, ty, _, variant]) => format!("variant `{ty}::{variant}`"),
            _ => format!("`{}`", self.raw),
        }
    }
}

fn change(class: Class, key: &Key<'_>, what: String, entry: &Entry) -> Change {
    Change { class, subject: key.subject(), what, location: entry.location.clone() }
}

fn removal(key: &Key<'_>, entry: &Entry) -> Change {
    let what = match key.kind {
        KeyKind::Docs => return change(Class::Docs, key, "docs removed".to_owned(), entry),
        KeyKind::Response => format!("removed (was `{}`): that status is now an unexpected-status error", entry.value),
        KeyKind::OperationAuth => format!("removed (was `{}`)", entry.value),
        _ => format!("removed (was `{}`)", entry.value),
    };
    change(Class::Breaking, key, what, entry)
}

fn addition(key: &Key<'_>, entry: &Entry, new: &Surface) -> Change {
    let value = &entry.value;
    let (class, what) = match key.kind {
        KeyKind::Docs => (Class::Docs, format!("docs added: {value}")),
        KeyKind::BaseUrl => (Class::Additive, format!("added: {value}")),
        KeyKind::Auth => (Class::Additive, format!("added (`{value}`): a new setter on the client builder")),
        KeyKind::Operation | KeyKind::Type => (Class::Additive, format!("added (`{value}`)")),
        KeyKind::OperationAuth => (Class::Breaking, format!("now requires `{value}`")),
        KeyKind::Param | KeyKind::Body if is_required(value) => {
            (Class::Breaking, format!("added as a required argument of `new()` (`{value}`)"))
        }
        KeyKind::Param | KeyKind::Body => (
            Class::Additive,
            format!("added as optional (`{value}`): a new setter; the endpoint struct is `#[non_exhaustive]`"),
        ),
        KeyKind::Response if value.contains(" variant ") => {
            (Class::Breaking, format!("added (`{value}`): a new variant that an exhaustive `match` must handle"))
        }
        KeyKind::Response => (Class::Additive, format!("added (`{value}`)")),
        KeyKind::Field => {
            let parent = key.parent().unwrap_or_default();
            let struct_like = new.entries.get(&parent).is_some_and(|e| e.value == "struct");
            // Model structs have only public fields and no `#[non_exhaustive]`: users build them
            // with literals, which must name every field, optional or not.
            let why = if struct_like && !is_required(value) {
                "struct literals must name it too"
            } else {
                "struct literals must set it"
            };
            (Class::Breaking, format!("added (`{value}`): {why}"))
        }
        KeyKind::Variant => {
            let parent = key.parent().unwrap_or_default();
            let open =
                new.entries.get(&parent).is_some_and(|e| e.value.split(' ').any(|word| word == "non_exhaustive"));
            if open {
                (
                    Class::Additive,
                    format!("added (`{value}`): the enum is open, the value decoded as its catch-all before"),
                )
            } else {
                (Class::Breaking, format!("added (`{value}`): an exhaustive `match` must handle it"))
            }
        }
        KeyKind::Output | KeyKind::ErrorType | KeyKind::Unknown => (Class::Breaking, format!("added (`{value}`)")),
    };
    change(class, key, what, entry)
}

fn modification(key: &Key<'_>, old: &str, new: &Entry) -> Change {
    if key.kind == KeyKind::Docs {
        return change(Class::Docs, key, format!("docs changed: {old} -> {}", new.value), new);
    }
    let mut what = format!("`{old}` -> `{}`", new.value);
    if matches!(key.kind, KeyKind::Field | KeyKind::Param | KeyKind::Body) {
        if !is_required(old) && is_required(&new.value) {
            what = format!("made required: {what}");
        } else if is_required(old) && !is_required(&new.value) {
            what = format!("made optional: {what}");
        } else if rust_type(old) != rust_type(&new.value) {
            what = format!("type changed: {what}");
        }
    }
    change(Class::Breaking, key, what, new)
}

/// Whether a field, parameter or body value says `required`.
fn is_required(value: &str) -> bool {
    let (_, rest) = split_type(value);
    rest.split(' ').any(|word| word == "required")
}

fn rust_type(value: &str) -> &str {
    split_type(value).0
}

/// Splits a value into its leading Rust type (which may hold `, ` inside `<>`) and the rest.
fn split_type(value: &str) -> (&str, &str) {
    let mut depth = 0i32;
    for (index, c) in value.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ' ' if depth == 0 => return (&value[..index], &value[index + 1..]),
            _ => {}
        }
    }
    (value, "")
}
