//! `xtask/contract-exceptions.txt`: the problems the contract test expects, each explained by an
//! error in the description it comes from. One per line:
//! `DOCUMENT OPERATION KIND JSON-POINTER REASON...`, where KIND is `build` (the example cannot
//! be built), `violation` (Prism rejects the request) or `decode` (a response does not decode).
//! Lines starting with `#` are comments.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Build,
    Violation,
    Decode,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Build => "build",
            Kind::Violation => "violation",
            Kind::Decode => "decode",
        }
    }
}

pub struct Exceptions {
    entries: Vec<(String, String, Kind)>,
}

impl Exceptions {
    pub fn load(path: &Path) -> Result<Exceptions, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let at = || format!("{}:{}", path.display(), index + 1);
            let [document, op, kind, pointer, reason @ ..] = fields.as_slice() else {
                return Err(format!("{}: expected DOCUMENT OPERATION KIND JSON-POINTER REASON", at()));
            };
            if !pointer.starts_with("#/") || reason.is_empty() {
                return Err(format!("{}: every exception names the spec error (a `#/...` pointer) and a reason", at()));
            }
            let kind = match *kind {
                "build" => Kind::Build,
                "violation" => Kind::Violation,
                "decode" => Kind::Decode,
                other => return Err(format!("{}: unknown kind `{other}` (build, violation, decode)", at())),
            };
            entries.push((document.to_string(), op.to_string(), kind));
        }
        Ok(Exceptions { entries })
    }

    pub fn covers(&self, document: &str, op: &str, kind: Kind) -> bool {
        self.entries.iter().any(|(d, o, k)| d == document && o == op && *k == kind)
    }

    pub fn all(&self) -> Vec<(String, String, Kind)> {
        self.entries.clone()
    }
}
