//! The accumulator for cross-field rules: every broken rule of a request is reported at once,
//! each with the path of its field, in the `a.b[0].c` form the JSON reader uses too.

use std::collections::HashSet;
use std::hash::Hash;

use crate::error::{ApiError, FieldError, Violation};

/// Collects the rules a value breaks.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    /// Records `violation` at `path` unless `ok`.
    pub fn expect(&mut self, ok: bool, path: impl Into<String>, violation: Violation) {
        if !ok {
            self.errors.push(FieldError::new(path, violation));
        }
    }

    /// Records that a list is neither empty nor holds a value twice.
    pub fn non_empty_unique<T: Eq + Hash>(&mut self, items: &[T], path: &str) {
        self.expect(!items.is_empty(), path, Violation::Empty);
        self.unique(items, path);
    }

    /// Records that a list holds no value twice.
    pub fn unique<T: Eq + Hash>(&mut self, items: &[T], path: &str) {
        let distinct: HashSet<&T> = items.iter().collect();
        self.expect(distinct.len() == items.len(), path, Violation::Duplicate);
    }

    /// Records that a list is at most `max` long.
    pub fn at_most<T>(&mut self, items: &[T], max: usize, path: &str) {
        self.expect(items.len() <= max, path, Violation::TooMany(max));
    }

    /// Records that a text is at most `max` characters long.
    pub fn at_most_chars(&mut self, text: &str, max: usize, path: impl Into<String>) {
        self.expect(text.chars().count() <= max, path, Violation::TooLong(max));
    }

    /// The paths recorded so far, in order.
    pub fn paths(&self) -> Vec<String> {
        self.errors.iter().map(|e| e.path.clone()).collect()
    }

    /// Every recorded error as one [`ApiError::Invalid`] (a caller that found a reason to stop).
    pub fn into_error(self) -> ApiError {
        ApiError::Invalid(self.errors)
    }

    /// `Ok` when nothing was recorded, else every recorded error as one [`ApiError::Invalid`].
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(self.errors))
        }
    }
}

/// `parent.field`, or `field` at the root.
pub fn field(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// `parent[index]`.
pub fn index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}
