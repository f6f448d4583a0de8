//! The accumulator for cross-field rules: every broken rule of a request is reported at once,
//! each with the path of its field, in the `a.b[0].c` form the JSON reader uses too.
//!
//! A [`Path`] is spelled out only when a rule is broken: the checks descend through every field
//! of a request, and most requests are valid, so building each field's path as a `String` on
//! the way down was a large share of a promotion's validation (`bench/benches/hot_path.rs`).

use std::collections::HashSet;
use std::fmt::{self, Display};
use std::hash::Hash;

use crate::error::{FieldError, Invalid, Violation};

/// Collects the rules a value breaks.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    /// Records `violation` at `path` unless `ok`.
    pub fn expect(&mut self, ok: bool, path: impl Display, violation: Violation) {
        if !ok {
            self.errors.push(FieldError::new(path.to_string(), violation));
        }
    }

    /// Records that a list is neither empty nor holds a value twice.
    pub fn non_empty_unique<T: Eq + Hash>(&mut self, items: &[T], path: impl Display) {
        self.expect(!items.is_empty(), &path, Violation::Empty);
        self.unique(items, path);
    }

    /// Records that a list holds no value twice.
    pub fn unique<T: Eq + Hash>(&mut self, items: &[T], path: impl Display) {
        let distinct: HashSet<&T> = items.iter().collect();
        self.expect(distinct.len() == items.len(), path, Violation::Duplicate);
    }

    /// Records that a list is at most `max` long.
    pub fn at_most<T>(&mut self, items: &[T], max: usize, path: impl Display) {
        self.expect(items.len() <= max, path, Violation::TooMany(max));
    }

    /// Records that a text is at most `max` characters long.
    pub fn at_most_chars(&mut self, text: &str, max: usize, path: impl Display) {
        self.expect(text.chars().count() <= max, path, Violation::TooLong(max));
    }

    /// The paths recorded so far, in order.
    pub fn paths(&self) -> Vec<String> {
        self.errors.iter().map(|e| e.path.clone()).collect()
    }

    /// Every recorded error as one [`Invalid`] (a caller that found a reason to stop).
    pub fn into_error(self) -> Invalid {
        Invalid(self.errors)
    }

    /// `Ok` when nothing was recorded, else every recorded error as one [`Invalid`].
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.errors))
        }
    }
}

/// Where a field is in a request: the root, a field of a parent or an item of a list.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    Root,
    /// A path already spelled out (as serde reports one); the empty text is the root.
    Spelled(&'a str),
    Field(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

/// The request's root, from which paths are built.
pub static ROOT: Path<'static> = Path::Root;

impl Path<'_> {
    fn is_root(&self) -> bool {
        matches!(self, Path::Root | Path::Spelled(""))
    }
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Spelled(text) => f.write_str(text),
            Path::Field(parent, name) if parent.is_root() => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// `parent.name`, or `name` at the root.
pub fn field<'a>(parent: &'a Path<'a>, name: &'a str) -> Path<'a> {
    Path::Field(parent, name)
}

/// `parent[index]`.
pub fn index<'a>(parent: &'a Path<'a>, index: usize) -> Path<'a> {
    Path::Index(parent, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_spelled_as_the_json_reader_spells_them() {
        let rules = field(&ROOT, "rules");
        let second = index(&rules, 1);
        let action = field(&second, "action");
        assert_eq!(field(&action, "cart_items.items").to_string(), "rules[1].action.cart_items.items");
        assert_eq!(field(&Path::Spelled(""), "name").to_string(), "name");
        assert_eq!(field(&Path::Spelled("customer"), "group_ids").to_string(), "customer.group_ids");
        assert_eq!(ROOT.to_string(), "");
    }

    #[test]
    fn a_broken_rule_is_recorded_at_its_path_and_a_kept_one_is_not() {
        let mut checks = Checks::default();
        let items = field(&ROOT, "items");
        checks.expect(true, index(&items, 0), Violation::NotPositive);
        checks.expect(false, field(&index(&items, 1), "quantity"), Violation::NotPositive);
        checks.unique(&[1, 1], items);
        assert_eq!(checks.paths(), ["items[1].quantity", "items"]);
    }
}
