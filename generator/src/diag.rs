//! Diagnostics: located, coded problems found in the input.
//!
//! Nothing in the pipeline panics on bad input and nothing is dropped silently: every reader and
//! lowering step pushes a [`Diagnostic`] into [`Diagnostics`] and carries on with what it could
//! understand. Errors stop the run before anything is written; warnings degrade gracefully.

use std::fmt;

use indexmap::IndexSet;
use serde::Serialize;

use crate::ir::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one place of one spec file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case code (`unparsable-example`), for grepping and for tests.
    pub code: &'static str,
    pub file: String,
    /// RFC 6901 JSON pointer into `file`.
    pub pointer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_path: Option<String>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}[{}]: {}\n  --> {}#{}", self.code, self.message, self.file, self.pointer)?;
        if let Some(item_path) = &self.item_path {
            write!(f, "\n  = in item: {item_path}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    list: IndexSet<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn warning(&mut self, code: &'static str, at: &Location, message: impl Into<String>) {
        self.push(Severity::Warning, code, at, message.into());
    }

    pub fn error(&mut self, code: &'static str, at: &Location, message: impl Into<String>) {
        self.push(Severity::Error, code, at, message.into());
    }

    fn push(&mut self, severity: Severity, code: &'static str, at: &Location, message: String) {
        let diagnostic = Diagnostic {
            severity,
            code,
            file: at.file.clone(),
            pointer: at.pointer.clone(),
            item_path: at.item_path.clone(),
            message,
        };
        // The same fact reached twice (an entity seen in two passes) is reported once.
        self.list.insert(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list.into_iter().collect()
    }
}
