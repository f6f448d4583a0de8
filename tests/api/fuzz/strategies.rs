//! What the fuzzer feeds the parsers: arbitrary JSON values whose keys and strings lean towards
//! the APIs' own vocabulary (so that they get past the first field), valid bodies with a few
//! random edits (so that they reach the rules between fields), and bytes.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{Number, Value};

use super::vocabulary::{KEYS, WORDS};

/// A JSON leaf: null, a boolean, a number at the edges or anywhere, or a string.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        select(vec![0i64, 1, -1, 2, 100, 101, 250, 251, i32::MAX as i64, i32::MAX as i64 + 1, i64::MIN, i64::MAX])
            .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        select(WORDS).prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::from),
        (1usize..400).prop_map(|n| Value::from("x".repeat(n))),
    ]
}

/// Any JSON value, up to four levels deep, its object keys mostly the APIs' field names.
pub fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![4 => select(KEYS).prop_map(str::to_owned), 1 => "\\PC{0,8}"];
    leaf().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One random edit of a JSON document.
#[derive(Debug, Clone)]
pub enum Edit {
    Replace(Index, Value),
    Remove(Index),
    Insert(Index, String, Value),
    Duplicate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let key = prop_oneof![select(KEYS).prop_map(str::to_owned), "\\PC{0,8}"];
    prop_oneof![
        3 => (any::<Index>(), json_value()).prop_map(|(at, value)| Edit::Replace(at, value)),
        1 => any::<Index>().prop_map(Edit::Remove),
        1 => (any::<Index>(), key, json_value()).prop_map(|(at, key, value)| Edit::Insert(at, key, value)),
        1 => any::<Index>().prop_map(Edit::Duplicate),
    ]
}

/// One of `seeds` with one to three random edits.
pub fn edited(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    (select(seeds), prop::collection::vec(edit(), 1..4)).prop_map(|(mut document, edits)| {
        for edit in edits {
            apply(&mut document, edit);
        }
        document
    })
}

/// The bytes of one of `seeds`, with a few bytes changed, inserted or removed; or any bytes.
pub fn bytes(seeds: Vec<Value>) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..6);
    let near_json = (select(seeds), edits).prop_map(|(document, edits)| {
        let mut bytes = document.to_string().into_bytes();
        for (at, byte, kind) in edits {
            let position = at.index(bytes.len() + 1);
            match kind {
                0 if position < bytes.len() => bytes[position] = byte,
                1 => bytes.insert(position, byte),
                _ if position < bytes.len() => drop(bytes.remove(position)),
                _ => {}
            }
        }
        bytes
    });
    prop_oneof![3 => near_json, 1 => prop::collection::vec(any::<u8>(), 0..256)]
}

/// Every position in the document (the root first), as the steps that lead there.
fn positions(document: &Value) -> Vec<Vec<Step>> {
    let mut found = vec![Vec::new()];
    let mut index = 0;
    while index < found.len() {
        let path = found[index].clone();
        match locate(document, &path) {
            Some(Value::Object(map)) => found.extend(map.keys().map(|k| with(&path, Step::Key(k.clone())))),
            Some(Value::Array(items)) => found.extend((0..items.len()).map(|i| with(&path, Step::At(i)))),
            _ => {}
        }
        index += 1;
    }
    found
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

fn with(path: &[Step], step: Step) -> Vec<Step> {
    let mut longer = path.to_vec();
    longer.push(step);
    longer
}

fn locate<'a>(document: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::At(i) => value.get(i),
    })
}

fn locate_mut<'a>(document: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::At(i) => value.get_mut(i),
    })
}

fn apply(document: &mut Value, edit: Edit) {
    let positions = positions(document);
    let pick = |at: &Index| positions[at.index(positions.len())].clone();
    match edit {
        Edit::Replace(at, value) => {
            if let Some(target) = locate_mut(document, &pick(&at)) {
                *target = value;
            }
        }
        Edit::Remove(at) | Edit::Duplicate(at) => {
            let path = pick(&at);
            let Some((last, parent)) = path.split_last() else { return };
            let duplicate = matches!(edit, Edit::Duplicate(_));
            match (locate_mut(document, parent), last) {
                (Some(Value::Object(map)), Step::Key(key)) if !duplicate => drop(map.remove(key)),
                (Some(Value::Array(items)), Step::At(i)) if duplicate => items.insert(*i, items[*i].clone()),
                (Some(Value::Array(items)), Step::At(i)) => drop(items.remove(*i)),
                _ => {}
            }
        }
        Edit::Insert(at, key, value) => match locate_mut(document, &pick(&at)) {
            Some(Value::Object(map)) => drop(map.insert(key, value)),
            Some(Value::Array(items)) => items.push(value),
            _ => {}
        },
    }
}
