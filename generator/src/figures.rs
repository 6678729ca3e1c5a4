//! Figures on the type space of a lowered API, for `cargo xtask types` and the regression test
//! that holds them: how many types, how many are structural copies of another, how many names
//! end in a status code or a counter, and how many are long: documented names (kept as the
//! vendor wrote them) apart from names the generator made up.

use serde::Serialize;

use crate::dedupe;
use crate::ir::{Api, TypeDef};
use crate::naming;

/// A name longer than this is counted as long.
pub const LONG_NAME: usize = 40;

/// The figures of one API's types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeFigures {
    pub types: usize,
    /// Types that the dedupe pass would remove: same shape as another type, and no documented
    /// name of their own (a second documented name stays as an alias and is not a copy).
    pub copies: usize,
    /// Names ending in a status code (`Response401`, `Response4XX`) or a counter (`Error2`).
    pub numbered: usize,
    /// Documented names (OpenAPI components) over [`LONG_NAME`] characters: the vendor's own,
    /// kept as they are.
    pub long_documented: usize,
    /// Made-up names over [`LONG_NAME`] characters: the ones naming could still shorten.
    pub long_made_up: usize,
    /// The longest name's length.
    pub longest: usize,
}

impl TypeFigures {
    pub fn of(api: &Api) -> TypeFigures {
        let types = &api.types.types;
        TypeFigures {
            types: types.len(),
            copies: dedupe::plan(&api.types).copies(),
            numbered: types.iter().filter(|def| is_numbered(def)).count(),
            long_documented: types.iter().filter(|def| is_long(def) && dedupe::is_documented(def)).count(),
            long_made_up: types.iter().filter(|def| is_long(def) && !dedupe::is_documented(def)).count(),
            longest: types.iter().map(|def| def.name.len()).max().unwrap_or(0),
        }
    }

    /// The sum of `self` and `other` (the longest name is the longer of both).
    pub fn plus(self, other: TypeFigures) -> TypeFigures {
        TypeFigures {
            types: self.types + other.types,
            copies: self.copies + other.copies,
            numbered: self.numbered + other.numbered,
            long_documented: self.long_documented + other.long_documented,
            long_made_up: self.long_made_up + other.long_made_up,
            longest: self.longest.max(other.longest),
        }
    }
}

fn is_long(def: &TypeDef) -> bool {
    def.name.len() > LONG_NAME
}

/// Whether the name ends in digits that the generator made up: a status code after `Response`
/// or `Error`, a status class (`4XX`), or digits that the schema's own position does not show
/// (a counter). `PaymentMethodP24` ends in digits, but `p24` is in its JSON pointer: the
/// vendor's word, not a counter.
pub fn is_numbered(def: &TypeDef) -> bool {
    let name = def.name.as_str();
    if let Some(before) = name.strip_suffix("XX") {
        if before.ends_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
    }
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    if digits.is_empty() {
        return false;
    }
    let status = digits.len() == 3 && matches!(digits.as_bytes()[0], b'1'..=b'5');
    if status && ["Response", "Error", "Status"].iter().any(|word| stem.ends_with(word)) {
        return true;
    }
    let last = naming::pascal_words(name).last().copied().unwrap_or(name);
    !def.location.pointer.to_ascii_lowercase().contains(&last.to_ascii_lowercase())
}
