//! Client-side validation of documented constraints, run before a request is built: a value that
//! the API would refuse gives [`Error::Validation`] naming the parameter or member, and nothing is
//! sent.

use super::Error;

/// A value whose documented constraints can be checked. Every generated model implements it;
/// `path` is where the value sits (`body`, `body.items[0]`) and prefixes every reported path.
pub trait Validate {
    /// Checks every constraint of `self` and of what it contains. The default checks nothing:
    /// it is the impl of values that have no documented constraints, in any part.
    fn validate(&self, path: &str) -> Result<(), Error> {
        let _ = path;
        Ok(())
    }
}

macro_rules! always_valid {
    ($($ty:ty),*) => {
        $(impl Validate for $ty {})*
    };
}

always_valid!(
    (),
    String,
    bool,
    u8,
    i32,
    i64,
    f32,
    f64,
    serde_json::Value,
    uuid::Uuid,
    chrono::NaiveDate,
    chrono::DateTime<chrono::FixedOffset>,
    bytes::Bytes,
    super::Multipart,
    super::FilePart
);

impl<T> Validate for super::Loose<T> {
    fn validate(&self, _path: &str) -> Result<(), Error> {
        Ok(())
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        (**self).validate(path)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        match self {
            Some(value) => value.validate(path),
            None => Ok(()),
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        for (index, item) in self.iter().enumerate() {
            item.validate(&format!("{path}[{index}]"))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for indexmap::IndexMap<String, T> {
    fn validate(&self, path: &str) -> Result<(), Error> {
        for (key, value) in self {
            value.validate(&format!("{path}.{key}"))?;
        }
        Ok(())
    }
}

fn violation(path: &str, rule: String) -> Result<(), Error> {
    Err(Error::Validation { path: path.to_owned(), rule })
}

/// `minLength`: at least `min` characters (Unicode scalar values, as JSON Schema counts them).
pub fn min_length(path: &str, value: &str, min: u64) -> Result<(), Error> {
    if (value.chars().count() as u64) < min { violation(path, format!("min_length={min}")) } else { Ok(()) }
}

/// `maxLength`: at most `max` characters.
pub fn max_length(path: &str, value: &str, max: u64) -> Result<(), Error> {
    if (value.chars().count() as u64) > max { violation(path, format!("max_length={max}")) } else { Ok(()) }
}

/// `minimum` / `exclusiveMinimum`.
pub fn minimum(path: &str, value: f64, min: f64, exclusive: bool) -> Result<(), Error> {
    match (exclusive, value) {
        (true, value) if value <= min => violation(path, format!("exclusive_minimum={min}")),
        (false, value) if value < min => violation(path, format!("minimum={min}")),
        _ => Ok(()),
    }
}

/// `maximum` / `exclusiveMaximum`.
pub fn maximum(path: &str, value: f64, max: f64, exclusive: bool) -> Result<(), Error> {
    match (exclusive, value) {
        (true, value) if value >= max => violation(path, format!("exclusive_maximum={max}")),
        (false, value) if value > max => violation(path, format!("maximum={max}")),
        _ => Ok(()),
    }
}

/// `minItems` (also used for the number of members of a map).
pub fn min_items(path: &str, len: usize, min: u64) -> Result<(), Error> {
    if (len as u64) < min { violation(path, format!("min_items={min}")) } else { Ok(()) }
}

/// `maxItems`.
pub fn max_items(path: &str, len: usize, max: u64) -> Result<(), Error> {
    if (len as u64) > max { violation(path, format!("max_items={max}")) } else { Ok(()) }
}

/// `format: email`: one `@` with text on both sides and no whitespace. Deliberately lenient:
/// the server has the last word, this only catches values that are plainly not addresses.
pub fn email(path: &str, value: &str) -> Result<(), Error> {
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !value.contains(char::is_whitespace)
        }
        None => false,
    };
    if valid { Ok(()) } else { violation(path, "email".to_owned()) }
}

/// `pattern`: the value must match the regular expression somewhere (JSON Schema semantics: not
/// anchored unless the pattern says so). A pattern the `regex` crate cannot compile (look-around,
/// back-references) is not enforced, since refusing every value would be worse.
pub fn pattern(path: &str, value: &str, pattern: &str) -> Result<(), Error> {
    match regex::Regex::new(pattern) {
        Ok(regex) if !regex.is_match(value) => violation(path, format!("pattern={pattern}")),
        _ => Ok(()),
    }
}
