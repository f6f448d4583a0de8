//! Deserialization of string-encoded domain values ("parse, don't validate").
//!
//! A type that implements [`StrValue`] gets a `Deserialize` that accepts only a JSON string and
//! runs the type's own parser, so a bad value fails while the request is read, with a message
//! that says what was expected and a path (from `serde_path_to_error`) that says where.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// A domain value written as a JSON string.
pub trait StrValue: Sized {
    /// What a valid value looks like, for messages: `a decimal string such as "10.50"`.
    const EXPECTING: &'static str;
    /// Parses the string, or says why it is not valid.
    fn parse_str(raw: &str) -> Result<Self, String>;
}

/// Deserializes a [`StrValue`]: use it from `impl Deserialize` (see [`str_value_deserialize!`]).
pub fn deserialize_str_value<'de, T: StrValue, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(StrValueVisitor(PhantomData))
}

struct StrValueVisitor<T>(PhantomData<T>);

impl<T: StrValue> Visitor<'_> for StrValueVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, raw: &str) -> Result<T, E> {
        T::parse_str(raw).map_err(E::custom)
    }
}

/// Implements `Deserialize` for [`StrValue`] types and `Serialize` through their `AsRef<str>`.
#[macro_export]
macro_rules! str_value_serde {
    ($($ty:ty),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::parse::deserialize_str_value(deserializer)
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_ref())
            }
        }
    )+};
}
