//! `POST /promotions/{id}/codegen`: the request and the generator of random coupon codes.
//!
//! A code is `prefix` `delimiter` `random part` `delimiter` `suffix` (a delimiter only beside a
//! prefix or suffix that is there), the random part `code_length` characters drawn uniformly
//! from `A-Z0-9` without `exclude_characters`, from the operating system's randomness.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::code::{CodeText, MAX_CODE_CHARS, MAX_CODE_USES};
use super::timestamp::Timestamp;
use crate::checks::{field, index, Checks, ROOT};
use crate::error::{FieldError, Invalid, RandomnessUnavailable, Violation};
use crate::parse::StrValue;

/// Most codes one request may generate.
pub const MAX_BATCH: u32 = 250;
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodegenRequest {
    pub batch_size: u32,
    #[serde(default = "one")]
    pub max_uses: u32,
    #[serde(default = "one")]
    pub max_uses_per_customer: u32,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    #[serde(default)]
    pub delimiter: Option<String>,
    #[serde(default)]
    pub exclude_characters: Vec<String>,
    #[serde(default = "sixteen")]
    pub code_length: u32,
}

fn one() -> u32 {
    1
}

fn sixteen() -> u32 {
    16
}

/// A checked request: everything needed to make codes.
#[derive(Debug, Clone)]
pub struct CodegenPlan {
    pub request: CodegenRequest,
    alphabet: Vec<u8>,
}

/// The `data` of the response.
#[derive(Debug, Serialize)]
pub struct CodegenResult {
    /// When the codes were created (a date-time, as upstream documents it).
    pub created: Timestamp,
    pub max_uses: u32,
    pub max_uses_per_customer: u32,
    pub batch_size: u32,
    pub codes: Vec<GeneratedCode>,
}

/// One generated code in the response.
#[derive(Debug, Serialize)]
pub struct GeneratedCode {
    pub code: String,
}

impl CodegenRequest {
    /// Checks every documented limit.
    pub fn into_plan(self) -> Result<CodegenPlan, Invalid> {
        let mut checks = Checks::default();
        checks.expect((1..=MAX_BATCH).contains(&self.batch_size), "batch_size", range(1, MAX_BATCH));
        checks.expect(self.max_uses <= MAX_CODE_USES, "max_uses", range(0, MAX_CODE_USES));
        checks.expect(self.max_uses_per_customer <= MAX_CODE_USES, "max_uses_per_customer", range(0, MAX_CODE_USES));
        checks.expect((6..=16).contains(&self.code_length), "code_length", range(6, 16));
        for (name, part) in [("prefix", &self.prefix), ("suffix", &self.suffix)] {
            let valid = part.len() <= 20 && part.bytes().all(|b| ALPHABET.contains(&b) || b == b'_' || b == b'-');
            checks.expect(valid, name, Violation::Malformed("must be up to 20 of A-Z 0-9 _ -".into()));
        }
        let affixed = !self.prefix.is_empty() || !self.suffix.is_empty();
        if let Some(delimiter) = &self.delimiter {
            checks.expect(
                delimiter == "_" || delimiter == "-",
                "delimiter",
                Violation::Malformed("must be \"_\" or \"-\"".into()),
            );
            checks.expect(affixed, "delimiter", Violation::RequiredWith("prefix or suffix (only then)"));
        }
        let mut excluded = HashSet::new();
        let path = field(&ROOT, "exclude_characters");
        for (i, character) in self.exclude_characters.iter().enumerate() {
            let single = character.len() == 1 && ALPHABET.contains(&character.as_bytes()[0]);
            checks.expect(single, index(&path, i), Violation::Malformed("must be one character of A-Z 0-9".into()));
            excluded.extend(character.bytes());
        }
        let alphabet: Vec<u8> = ALPHABET.iter().copied().filter(|b| !excluded.contains(b)).collect();
        let plan = CodegenPlan { request: self, alphabet };
        checks.expect(
            plan.longest() <= MAX_CODE_CHARS,
            "code_length",
            Violation::Malformed(format!(
                "makes codes longer than {MAX_CODE_CHARS} characters with the prefix, suffix and delimiters"
            )),
        );
        checks.expect(
            plan.has_room(),
            "exclude_characters",
            Violation::Malformed("leaves too few possible codes for the batch".into()),
        );
        checks.finish().map(|()| plan)
    }
}

/// Why a batch of codes could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Randomness(#[from] RandomnessUnavailable),
}

fn range(min: u32, max: u32) -> Violation {
    Violation::Malformed(format!("must be from {min} to {max}"))
}

impl CodegenPlan {
    fn delimiter(&self) -> &str {
        self.request.delimiter.as_deref().unwrap_or("")
    }

    fn longest(&self) -> usize {
        let r = &self.request;
        let delimiters =
            self.delimiter().len() * (usize::from(!r.prefix.is_empty()) + usize::from(!r.suffix.is_empty()));
        r.prefix.len() + r.suffix.len() + delimiters + r.code_length as usize
    }

    /// How many distinct codes the options can make: the alphabet's size to the power of
    /// `code_length`, saturating.
    pub fn possible_codes(&self) -> u128 {
        (self.alphabet.len() as u128).saturating_pow(self.request.code_length)
    }

    /// At least twice as many possible codes as the batch needs, so drawing stays quick.
    fn has_room(&self) -> bool {
        let possible = (self.alphabet.len() as f64).powi(self.request.code_length as i32);
        possible >= 2.0 * f64::from(self.request.batch_size)
    }

    /// One random code.
    pub fn generate(&self) -> Result<CodeText, CodegenError> {
        let r = &self.request;
        let mut random = String::with_capacity(r.code_length as usize);
        while random.len() < r.code_length as usize {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(RandomnessUnavailable)?;
            let unbiased = 256 - 256 % self.alphabet.len();
            let picks = bytes
                .iter()
                .filter(|b| usize::from(**b) < unbiased)
                .map(|b| self.alphabet[usize::from(*b) % self.alphabet.len()]);
            random.extend(picks.take(r.code_length as usize - random.len()).map(char::from));
        }
        let delimiter = self.delimiter();
        let mut code = String::new();
        if !r.prefix.is_empty() {
            code.push_str(&r.prefix);
            code.push_str(delimiter);
        }
        code.push_str(&random);
        if !r.suffix.is_empty() {
            code.push_str(delimiter);
            code.push_str(&r.suffix);
        }
        CodeText::parse_str(&code)
            .map_err(|e| Invalid::from(FieldError::new("code_length", Violation::Malformed(e))).into())
    }

    /// `batch_size` distinct random codes.
    pub fn generate_batch(&self) -> Result<Vec<CodeText>, CodegenError> {
        let mut seen = HashSet::new();
        let mut codes = Vec::new();
        while codes.len() < self.request.batch_size as usize {
            let code = self.generate()?;
            if seen.insert(code.key()) {
                codes.push(code);
            }
        }
        Ok(codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(body: serde_json::Value) -> Result<CodegenPlan, Invalid> {
        serde_json::from_value::<CodegenRequest>(body).unwrap().into_plan()
    }

    #[test]
    fn codes_follow_the_template_and_avoid_excluded_characters() {
        let plan = plan(json!({"batch_size": 50, "prefix": "BF", "suffix": "26", "delimiter": "-", "code_length": 8,
                               "exclude_characters": ["O", "0", "I", "1"]}))
        .unwrap();
        let codes = plan.generate_batch().unwrap();
        assert_eq!(codes.len(), 50);
        for code in &codes {
            let text = code.as_ref();
            assert!(text.starts_with("BF-") && text.ends_with("-26") && text.len() == 14, "{text}");
            assert!(!text[3..11].contains(['O', '0', 'I', '1']), "{text}");
        }
        let distinct: HashSet<_> = codes.iter().map(CodeText::key).collect();
        assert_eq!(distinct.len(), 50);
    }

    #[test]
    fn every_limit_is_checked() {
        for body in [
            json!({"batch_size": 0}),
            json!({"batch_size": 251}),
            json!({"batch_size": 1, "code_length": 5}),
            json!({"batch_size": 1, "code_length": 17}),
            json!({"batch_size": 1, "max_uses": 100001}),
            json!({"batch_size": 1, "prefix": "lower"}),
            json!({"batch_size": 1, "prefix": "X".repeat(21)}),
            json!({"batch_size": 1, "delimiter": "_"}),
            json!({"batch_size": 1, "prefix": "A", "delimiter": "."}),
            json!({"batch_size": 1, "exclude_characters": ["AB"]}),
            json!({"batch_size": 1, "prefix": "P".repeat(20), "suffix": "S".repeat(20), "delimiter": "-", "code_length": 16}),
        ] {
            assert!(plan(body.clone()).is_err(), "{body}");
        }
        assert!(plan(json!({"batch_size": 250})).is_ok());
    }

    #[test]
    fn possible_codes_count_the_random_part_only() {
        let two = plan(json!({"batch_size": 1, "code_length": 9, "prefix": "P", "exclude_characters":
                              "CDEFGHIJKLMNOPQRSTUVWXYZ0123456789".chars().map(String::from).collect::<Vec<_>>()}))
        .unwrap();
        assert_eq!(two.possible_codes(), 512);
        assert_eq!(plan(json!({"batch_size": 1})).unwrap().possible_codes(), 36u128.pow(16));
    }

    #[test]
    fn defaults_are_one_use_and_sixteen_characters() {
        let plan = plan(json!({"batch_size": 1})).unwrap();
        assert_eq!((plan.request.max_uses, plan.request.max_uses_per_customer, plan.request.code_length), (1, 1, 16));
        assert_eq!(plan.generate().unwrap().as_ref().len(), 16);
    }
}
