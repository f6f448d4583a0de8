//! Replacing the codes of a batch that the store found taken, by codes neither known to be
//! taken nor already in the batch. Drawing never spins: when the known taken codes and the
//! batch leave fewer possible codes than there are slots to fill, or once the batch has used
//! [`DRAWS_PER_CODE`] draws per code, the options leave too few codes, and the answer is the
//! 422 that names them.

use std::collections::HashSet;

use api::ApiError;
use domain::promotion::code::CodeText;
use domain::promotion::codegen::CodegenPlan;
use domain::{FieldError, Violation};

/// Draws one batch may make, per code it asks for, across all its replacements.
pub const DRAWS_PER_CODE: usize = 20;

/// Replaces every code of `texts` in `taken` (upper case keys) by a fresh one; `draws_left` is
/// what the batch may still draw, and is used up by the draws made here.
pub fn replace_taken(
    plan: &CodegenPlan,
    texts: &mut [CodeText],
    taken: &HashSet<String>,
    draws_left: &mut usize,
) -> Result<(), ApiError> {
    let mut in_batch: HashSet<String> = texts.iter().map(CodeText::key).collect();
    let slots = texts.iter().filter(|text| taken.contains(&text.key())).count();
    let excluded = in_batch.len() + taken.difference(&in_batch).count();
    let free = plan.possible_codes().saturating_sub(excluded as u128);
    if free < slots as u128 {
        return Err(nearly_exhausted());
    }
    for slot in texts.iter_mut().filter(|text| taken.contains(&text.key())) {
        *slot = loop {
            *draws_left = draws_left.checked_sub(1).ok_or_else(nearly_exhausted)?;
            let fresh = plan.generate()?;
            let key = fresh.key();
            if !taken.contains(&key) && in_batch.insert(key) {
                break fresh;
            }
        };
    }
    Ok(())
}

/// The 422 of options whose possible codes are nearly all taken in the store.
pub fn nearly_exhausted() -> ApiError {
    let message = "leaves too few codes that are not taken in this store: make code_length longer, \
                   exclude fewer characters, or change the prefix or suffix";
    let options = ["code_length", "exclude_characters", "prefix", "suffix"];
    ApiError::Invalid(
        options.iter().map(|option| FieldError::new(*option, Violation::Malformed(message.into()))).collect(),
    )
}
