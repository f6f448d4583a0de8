//! Query string parameters, read into typed values; a bad one is a field error named after the
//! parameter (`limit`, `id:in`, …).

use lambda_http::{Request, RequestExt};

use domain::promotion::code::CodeText;
use domain::{FieldError, Violation};

/// The request's query string parameters.
pub struct Query<'a> {
    req: &'a Request,
}

impl<'a> Query<'a> {
    pub fn of(req: &'a Request) -> Self {
        Self { req }
    }

    /// The parameter's first value, trimmed, if given and not empty.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.exact(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// The parameter's first value exactly as sent (a coupon code is not trimmed: `SAVE10%20`
    /// is not `SAVE10`).
    pub fn exact(&self, name: &str) -> Option<&'a str> {
        self.req.query_string_parameters_ref()?.first(name)
    }

    /// A coupon code parameter exactly as sent, or `None` when absent or empty; a value that is
    /// not a code (such as one with a surrounding space) is an error, never trimmed into one.
    pub fn code(&self, name: &str) -> Result<Option<CodeText>, FieldError> {
        let Some(raw) = self.exact(name).filter(|raw| !raw.is_empty()) else { return Ok(None) };
        CodeText::try_from_str(raw)
            .map(Some)
            .ok_or_else(|| FieldError::new(name, Violation::Malformed(format!("{raw:?} is not a coupon code"))))
    }

    /// An integer parameter within `min..=max`, or `default` when absent.
    pub fn integer(&self, name: &str, min: u64, max: u64, default: u64) -> Result<u64, FieldError> {
        let Some(raw) = self.text(name) else { return Ok(default) };
        raw.parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| invalid(name, format!("must be an integer from {min} to {max}, not {raw:?}")))
    }

    /// A comma-separated list of positive integers (at most `max` of them), or `None` if absent.
    pub fn id_list(&self, name: &str, max: usize) -> Result<Option<Vec<u64>>, FieldError> {
        let Some(raw) = self.text(name) else { return Ok(None) };
        let ids = raw
            .split(',')
            .map(|part| part.trim().parse::<u64>().ok().filter(|id| *id > 0))
            .collect::<Option<Vec<u64>>>()
            .ok_or_else(|| invalid(name, format!("must be a comma-separated list of ids, not {raw:?}")))?;
        if ids.len() > max {
            return Err(FieldError::new(name, Violation::TooMany(max)));
        }
        Ok(Some(ids))
    }

    /// One of `allowed` (compared as written), or `default` when absent.
    pub fn choice(&self, name: &str, allowed: &[&'a str], default: &'a str) -> Result<&'a str, FieldError> {
        let Some(raw) = self.text(name) else { return Ok(default) };
        allowed
            .iter()
            .find(|a| **a == raw)
            .copied()
            .ok_or_else(|| invalid(name, format!("must be one of {}, not {raw:?}", allowed.join(", "))))
    }
}

/// A field error for a parameter whose value is wrong.
pub fn invalid(name: &str, message: String) -> FieldError {
    FieldError::new(name, Violation::Malformed(message))
}

/// Collects parameter errors so that every bad parameter is reported at once.
#[derive(Default)]
pub struct ParamErrors(Vec<FieldError>);

impl ParamErrors {
    /// The value, or `default` after recording the error.
    pub fn keep<T>(&mut self, result: Result<T, FieldError>, default: T) -> T {
        result.unwrap_or_else(|error| {
            self.0.push(error);
            default
        })
    }

    /// `value` if nothing was recorded.
    pub fn finish<T>(self, value: T) -> Result<T, crate::error::ApiError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(crate::error::ApiError::Invalid(self.0))
        }
    }
}
