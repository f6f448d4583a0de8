//! Each layer's dependencies, from its `Cargo.toml` and from `Cargo.lock`, without network or
//! `cargo metadata`; packages only other platforms build count too. A failure names the chain to cut.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::LAYERS;
use crate::support::root;

/// A package of `Cargo.lock`; `local` when it has no source (a workspace or path package).
struct Locked {
    name: String,
    version: String,
    local: bool,
    deps: Vec<String>,
}

/// A path dependency, walked by its manifest: its directory and the features asked of it (`None`: all).
type Manifest = (PathBuf, Option<BTreeSet<String>>);

/// Parses a TOML file of the repository.
fn read_toml(path: &Path) -> Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

/// The strings of the array `key` of `value`.
fn strings<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = String> + 'a {
    value.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(String::from)
}

/// The `package.name` of the manifest in `dir`.
fn package_name(dir: &Path) -> String {
    let name = read_toml(&dir.join("Cargo.toml")).get("package").and_then(|p| Some(p.get("name")?.as_str()?.into()));
    name.unwrap_or_else(|| panic!("{}/Cargo.toml names no package", dir.display()))
}

/// The packages of `Cargo.lock`.
fn read_lock() -> Vec<Locked> {
    let lock = read_toml(&root().join("Cargo.lock"));
    let text = |p: &Value, key: &str| p.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let locked = |p: &Value| Locked {
        name: text(p, "name"),
        version: text(p, "version"),
        local: p.get("source").is_none(),
        deps: strings(p, "dependencies").collect(),
    };
    lock.get("package").and_then(Value::as_array).expect("Cargo.lock lists packages").iter().map(locked).collect()
}

/// The package a `Cargo.lock` dependency (`name`, `name version` or `name version (source)`) means.
fn find(lock: &[Locked], dep: &str) -> usize {
    let mut words = dep.split_whitespace();
    let (name, version) = (words.next().unwrap_or_default(), words.next());
    let found = lock.iter().position(|p| p.name == name && version.is_none_or(|v| p.version == v));
    found.unwrap_or_else(|| panic!("Cargo.lock lists {dep} as a dependency but not as a package"))
}

/// The optional dependencies the features `asked` of a manifest with `features` turn on, and the features they
/// ask of each dependency (`dep/feature`).
fn turned_on(features: &Table, asked: Vec<String>) -> (BTreeSet<String>, BTreeMap<String, Vec<String>>) {
    let (mut todo, mut seen, mut on, mut passed) = (asked, BTreeSet::new(), BTreeSet::new(), BTreeMap::new());
    while let Some(feature) = todo.pop() {
        if !seen.insert(feature.clone()) {
            continue;
        }
        match (feature.strip_prefix("dep:"), feature.split_once('/'), features.get(&feature)) {
            (Some(dep), ..) => on.insert(dep.to_string()),
            (_, Some((dep, sub)), _) => {
                passed.entry(dep.trim_end_matches('?').to_string()).or_insert_with(Vec::new).push(sub.to_string());
                dep.ends_with('?') || on.insert(dep.to_string())
            }
            (_, _, Some(Value::Array(list))) => {
                todo.extend(list.iter().filter_map(Value::as_str).map(String::from));
                true
            }
            _ => on.insert(feature),
        };
    }
    (on, passed)
}

/// The normal dependencies the manifest in `dir` declares, for every target: package → its manifest when it is a
/// path one. An optional one counts when the `asked` features turn it on (all do when `asked` is `None`).
fn direct_deps(dir: &Path, asked: Option<BTreeSet<String>>) -> BTreeMap<String, Option<Manifest>> {
    let (manifest, workspace) = (read_toml(&dir.join("Cargo.toml")), read_toml(&root().join("Cargo.toml")));
    let workspace = workspace.get("workspace").and_then(|w| w.get("dependencies")?.as_table().cloned());
    let workspace = workspace.unwrap_or_default();
    let features = manifest.get("features").and_then(Value::as_table).cloned().unwrap_or_default();
    let (on, passed) =
        turned_on(&features, asked.clone().map_or_else(|| features.keys().cloned().collect(), Vec::from_iter));
    let targets = manifest.get("target").and_then(Value::as_table).into_iter().flat_map(Table::values);
    let mut deps = BTreeMap::new();
    for (key, spec) in [&manifest]
        .into_iter()
        .chain(targets.filter_map(Value::as_table))
        .filter_map(|t| t.get("dependencies")?.as_table())
        .flatten()
    {
        let (source, base) = match spec.get("workspace").and_then(Value::as_bool) {
            Some(true) => (workspace.get(key).unwrap_or_else(|| panic!("no workspace dependency {key}")), root()),
            _ => (spec, dir.to_path_buf()),
        };
        if asked.is_some() && spec.get("optional").and_then(Value::as_bool) == Some(true) && !on.contains(key) {
            continue;
        }
        let mut features: BTreeSet<String> = strings(spec, "features").chain(strings(source, "features")).collect();
        features.extend(passed.get(key).into_iter().flatten().cloned());
        if source.get("default-features").and_then(Value::as_bool) != Some(false) {
            features.insert("default".to_string());
        }
        let path = source.get("path").and_then(Value::as_str).map(|p| (base.join(p), Some(features)));
        deps.insert(source.get("package").and_then(Value::as_str).unwrap_or(key).to_string(), path);
    }
    deps
}

/// Every package the crate in `dir` reaches through normal dependencies (all of its own optional ones included),
/// with the shortest chain to it: path packages by their manifests, the others by `Cargo.lock`.
fn dependency_chains(dir: &Path) -> Vec<(String, String)> {
    let (lock, name) = (read_lock(), package_name(dir));
    let start = lock.iter().position(|p| p.name == name && p.local);
    let start = start.unwrap_or_else(|| panic!("{name} is not in Cargo.lock: build the workspace once"));
    let (mut chains, mut seen) = (BTreeMap::from([(start, name)]), BTreeSet::new());
    let mut queue = VecDeque::from([(start, Some((dir.to_path_buf(), None)))]);
    while let Some((at, manifest)) = queue.pop_front() {
        if !seen.insert((at, manifest.clone())) {
            continue;
        }
        let direct = manifest.map(|(dir, asked)| direct_deps(&dir, asked));
        for next in lock[at].deps.iter().map(|dep| find(&lock, dep)) {
            let manifest = match direct.as_ref().map(|direct| direct.get(&lock[next].name)) {
                Some(None) => continue, // a dev- or build-dependency, or an optional one not turned on
                Some(Some(manifest)) => manifest.clone(),
                None => None,
            };
            let chain = format!("{} -> {}", chains[&at], lock[next].name);
            chains.entry(next).or_insert(chain);
            queue.push_back((next, manifest));
        }
    }
    chains.into_iter().map(|(at, chain)| (lock[at].name.clone(), chain)).collect()
}

/// Fails, naming every chain, if the crate in `dir` reaches a package of `denied` (`aws-sdk-*`: a prefix).
fn assert_reaches_none(dir: &str, denied: &[&str]) {
    let is_denied = |name: &str| denied.iter().any(|d| d.strip_suffix('*').map_or(*d == name, |p| name.starts_with(p)));
    let found: Vec<_> = dependency_chains(&root().join(dir)).into_iter().filter(|(n, _)| is_denied(n)).collect();
    let mut chains: Vec<_> = found.into_iter().map(|(_, chain)| chain).collect();
    chains.sort_by_key(|chain| (chain.matches(" -> ").count(), chain.clone()));
    assert!(chains.is_empty(), "{dir} depends on packages it must not; cut each chain:\n  {}", chains.join("\n  "));
}

/// The packages of the crates under `functions/`.
fn function_crates() -> Vec<String> {
    let dirs = fs::read_dir(root().join("functions")).expect("functions/ is readable");
    let dirs = dirs.map(|entry| entry.expect("functions/ lists its entries").path());
    dirs.filter(|dir| dir.join("Cargo.toml").is_file()).map(|dir| package_name(&dir)).collect()
}

#[test]
fn the_three_library_crates_exist_where_the_architecture_places_them() {
    for (dir, name) in LAYERS {
        assert_eq!(package_name(&root().join(dir)), name, "{dir}/Cargo.toml must be the package {name}");
    }
    let uses = |dir: &str, below: &str| direct_deps(&root().join(dir), None).contains_key(below);
    let layered = uses("shared/store", "domain") && uses("shared/api", "store") && uses("shared/api", "domain");
    assert!(layered, "store must depend on domain, and api on store and domain");
}

#[test]
fn domain_depends_on_no_aws_lambda_http_async_or_sqlite_crate() {
    let aws_lambda_http = ["aws-config", "aws-sdk-*", "aws-smithy-*", "lambda_http", "lambda_runtime", "http", "hyper"];
    let runtimes_and_layers_above = ["tokio", "rusqlite", "libsqlite3-sys", "axum", "tower", "reqwest", "store", "api"];
    assert_reaches_none("shared/domain", &[&aws_lambda_http[..], &runtimes_and_layers_above[..]].concat());
}

#[test]
fn store_does_not_reach_up_into_the_api_or_lambda() {
    let functions = function_crates();
    let above = ["lambda_http", "lambda_runtime", "aws_lambda_events", "axum", "api"]
        .into_iter()
        .chain(functions.iter().map(String::as_str));
    assert_reaches_none("shared/store", &above.collect::<Vec<_>>());
}

#[test]
fn api_does_not_link_the_embedded_store_or_a_function() {
    let functions = function_crates();
    let denied = ["rusqlite", "libsqlite3-sys", "axum"].into_iter().chain(functions.iter().map(String::as_str));
    assert_reaches_none("shared/api", &denied.collect::<Vec<_>>());
}

#[test]
fn no_library_crate_chooses_the_global_allocator() {
    for (dir, _) in LAYERS {
        assert_reaches_none(dir, &["mimalloc", "libmimalloc-sys"]);
    }
}
