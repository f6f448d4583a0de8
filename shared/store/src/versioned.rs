//! What every read of a versioned item answers: the value and the version that a conditional write names.

/// A value and the version of the item it was read from. A fresh item has version 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub version: u64,
}
