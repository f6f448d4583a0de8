//! Deserialization of string-encoded domain values ("parse, don't validate").
//!
//! A type that implements [`StrValue`] gets a `Deserialize` that accepts only a JSON string and
//! runs the type's own parser, so a bad value fails while the request is read, with a message
//! that says what was expected and a path (from `serde_path_to_error`) that says where.
//! [`from_json_value`] and [`path_error`] turn such a failure into the [`FieldError`] a client
//! reads: the path of the first bad field and what is wrong with it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

use crate::checks::{field, Path};
use crate::error::{FieldError, Invalid, Violation};

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

/// Converts an already-parsed JSON value into `T`, naming the path of the first bad field.
pub fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, Invalid> {
    serde_path_to_error::deserialize(value).map_err(path_error)
}

/// The first bad field of a body. A missing field is named by its own path (serde reports the
/// object that lacks it), so every error points at the field to fix.
pub fn path_error(error: serde_path_to_error::Error<serde_json::Error>) -> Invalid {
    let path = match error.path().to_string() {
        root if root == "." => String::new(),
        path => path,
    };
    let message = without_position(error.inner());
    if let Some(name) = missing_field(&message) {
        return FieldError::new(field(&Path::Spelled(&path), name).to_string(), Violation::Required).into();
    }
    FieldError::new(path, Violation::Malformed(message)).into()
}

/// The name in serde's "missing field `name`".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// serde_json appends " at line L column C" to its messages; the path says more to a client.
pub fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) if error.line() > 0 => text[..at].to_owned(),
        _ => text,
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
