//! The architecture, enforced: three library crates in layers, `domain` ← `store` ← `api`.
//!
//! - `domain` is pure: no AWS, Lambda, HTTP, async runtime or SQLite crate, nor `store` or `api`, so the rules and
//!   the evaluation engine build and test anywhere.
//! - `store` holds the backends and never reaches up: no Lambda, no `axum`, nothing of `api` or of a function.
//! - `api` is the HTTP glue: no embedded SQLite (only local-api, admin and the tests link it), no `axum`, no
//!   function. No library chooses the global allocator: each binary does.
//! - Within each crate no two files import each other, directly or round a longer loop, so every file can be read
//!   (and moved) after the files it builds on.
//!
//! Dependencies come from each crate's `Cargo.toml` and from `Cargo.lock`, without network or `cargo metadata`;
//! packages only other platforms build count too. Every failure names the chain or the loop to cut.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::support::root;

/// The crates of the architecture, lowest layer first: (directory, package).
const LAYERS: [(&str, &str); 3] = [("shared/domain", "domain"), ("shared/store", "store"), ("shared/api", "api")];

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
    let above =
        ["lambda_http", "lambda_runtime", "axum", "api"].into_iter().chain(functions.iter().map(String::as_str));
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

/// Each file → the other files of its crate it imports.
type Graph = BTreeMap<PathBuf, BTreeSet<PathBuf>>;

/// The `.rs` files under `dir`, at any depth.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let rust = |p: PathBuf| {
        if p.is_dir() {
            rust_files(&p)
        } else {
            Vec::from_iter(Some(p).filter(|p| p.extension().is_some_and(|e| e == "rs")))
        }
    };
    entries.map(|entry| entry.expect("a readable directory entry").path()).flat_map(rust).collect()
}

/// The module a file under `src` is: `lib.rs` → [], `a.rs` and `a/mod.rs` → [a], `a/b.rs` → [a, b].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file under src").with_extension("");
    let mut module: Vec<String> = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if module.last().is_some_and(|s| s == "mod") || module == ["lib"] {
        module.pop();
    }
    module
}

/// The file's code without `//` comments, up to its `#[cfg(test)] mod tests` (whose imports are the tests').
fn code_of(file: &Path) -> String {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let lines: Vec<&str> = text.lines().map(|line| line.split("//").next().unwrap_or_default().trim()).collect();
    let item = |i: usize| {
        lines[i..]
            .iter()
            .map(|l| l.trim_start_matches("#[cfg(test)]").trim())
            .find(|l| !l.is_empty() && !l.starts_with("#["))
    };
    let tests = |i: usize| {
        lines[i].starts_with("#[cfg(test)]")
            && item(i).is_some_and(|l| l.trim_start_matches("pub ").starts_with("mod tests"))
    };
    lines[..(0..lines.len()).find(|&i| tests(i)).unwrap_or(lines.len())].join("\n")
}

/// The code's tokens: words, `::` and single other characters.
fn tokens(code: &str) -> Vec<&str> {
    let (mut tokens, mut rest, word) = (Vec::new(), code.trim_start(), |c: char| c.is_alphanumeric() || c == '_');
    while let Some(c) = rest.chars().next() {
        let len = match c {
            _ if word(c) => rest.find(|c| !word(c)).unwrap_or(rest.len()),
            ':' if rest.starts_with("::") => 2,
            _ => c.len_utf8(),
        };
        tokens.push(&rest[..len]);
        rest = rest[len..].trim_start();
    }
    tokens
}

/// Whether a token is an identifier.
fn is_ident(token: &str) -> bool {
    token.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// The paths the code's `use` trees name, each expanded (`use a::{b, c::{self, d as e}}`: `a::b`, `a::c`,
/// `a::c::d`); with `inline`, also every other path from `crate`, `self` or `super` (but a macro's:
/// `#[macro_export]` puts every macro at the crate's root, whichever file defines it).
fn paths_in(code: &str, inline: bool) -> Vec<Vec<&str>> {
    let (t, mut paths, mut i) = (tokens(code), Vec::new(), 0);
    // Inside a `use`: the path so far, whether it names an item yet, and where each open `{` group starts.
    let (mut using, mut path, mut named, mut groups) = (false, Vec::new(), false, Vec::new());
    while i < t.len() {
        match t[i] {
            "use" => (using, named, path, groups) = (true, false, Vec::new(), Vec::new()),
            "crate" | "self" | "super" if !using && inline && (i == 0 || t[i - 1] != "::") => {
                let mut inline = vec![t[i]];
                while t.get(i + 1) == Some(&"::") && t.get(i + 2).is_some_and(|s| is_ident(s)) {
                    inline.push(t[i + 2]);
                    i += 2;
                }
                paths.extend(Some(inline).filter(|p| p.len() > 1 && t.get(i + 1) != Some(&"!")));
            }
            _ if !using => {}
            "{" => {
                groups.push(path.len());
                named = false;
            }
            "," | "}" | ";" => {
                paths.extend(Some(path.clone()).filter(|_| named));
                if t[i] == "}" {
                    groups.pop();
                }
                path.truncate(groups.last().copied().unwrap_or(0));
                (named, using) = (false, t[i] != ";");
            }
            "as" => i += 1,
            "::" => {}
            "*" => named = true,
            "self" if !path.is_empty() => named = true,
            word if is_ident(word) => {
                path.push(word);
                named = true;
            }
            _ => using = false,
        }
        i += 1;
    }
    paths
}

/// The file of the crate that a path named in `module` leads to: a path from `crate`, `self` or `super`, or a
/// `use` of a child module (`pub use child::Item`). That is its deepest existing file (`a/b.rs` or `a/b/mod.rs`,
/// then `a.rs` or `a/mod.rs`, then `lib.rs`) or, when that file only imports the item (`pub use error::Violation`
/// in `lib.rs`), the file that import leads to (re-exports followed up to 4 deep).
fn target(src: &Path, module: &[String], path: &[&str], depth: u8) -> Option<PathBuf> {
    let file = |module: &[String]| {
        let module: PathBuf = module.iter().collect();
        [src.join(&module).with_extension("rs"), src.join(module).join("mod.rs")].into_iter().find(|f| f.is_file())
    };
    let (mut base, mut rest) = match *path.first()? {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (module.to_vec(), &path[1..]),
        "super" => (module.to_vec(), path),
        child if file(&[module, &[child.to_string()][..]].concat()).is_some() => (module.to_vec(), path),
        _ => return None,
    };
    while let Some((&"super", tail)) = rest.split_first() {
        base.pop();
        rest = tail;
    }
    base.extend(rest.iter().map(|s| s.to_string()));
    let n = (1..=base.len()).rev().find(|&n| file(&base[..n]).is_some()).unwrap_or(0);
    let found = file(&base[..n]).unwrap_or_else(|| src.join("lib.rs"));
    let Some(item) = base.get(n).filter(|_| depth < 4) else { return Some(found) };
    let code = code_of(&found);
    let import = paths_in(&code, false).into_iter().find(|p| p.len() > 1 && p.last() == Some(&item.as_str()));
    import.and_then(|import| target(src, &base[..n], &import, depth + 1)).or(Some(found))
}

/// Each `.rs` file under `src` → the other files of the crate it imports (`mod` declarations are not imports).
fn import_graph(src: &Path) -> Graph {
    let imports = |file: &PathBuf| {
        let (module, code) = (module_of(src, file), code_of(file));
        let targets = paths_in(&code, true).into_iter().filter_map(|path| target(src, &module, &path, 0));
        targets.filter(|target| target != file).collect()
    };
    rust_files(src).into_iter().map(|file| (imports(&file), file)).map(|(imports, file)| (file, imports)).collect()
}

/// The shortest chain of imports from `from` to `to`, both included.
fn shortest_path(graph: &Graph, from: &Path, to: &Path) -> Option<Vec<PathBuf>> {
    let (mut parent, mut queue) = (BTreeMap::<&Path, &Path>::new(), VecDeque::from([from]));
    while let Some(file) = queue.pop_front().filter(|&file| file != to) {
        for next in graph.get(file).into_iter().flatten().filter(|&next| next != from) {
            parent.entry(next.as_path()).or_insert_with(|| {
                queue.push_back(next);
                file
            });
        }
    }
    let mut path = vec![to];
    while let Some(&before) = parent.get(path[path.len() - 1]) {
        path.push(before);
    }
    (path[path.len() - 1] == from).then(|| path.into_iter().rev().map(Path::to_path_buf).collect())
}

/// The import loops of the crate in `src`: for every import that closes one, the shortest; each loop once,
/// starting from its least file.
fn import_cycles(src: &Path) -> BTreeSet<Vec<PathBuf>> {
    let graph = import_graph(src);
    let imports = graph.iter().flat_map(|(file, imports)| imports.iter().map(move |import| (file, import)));
    let cycles = imports.filter_map(|(file, import)| shortest_path(&graph, import, file));
    let least_first = |mut cycle: Vec<PathBuf>| {
        let least = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or_default();
        cycle.rotate_left(least);
        cycle
    };
    cycles.map(least_first).collect()
}

/// Each loop as `a.rs -> b.rs -> a.rs`, the paths relative to `base`.
fn describe(cycles: &BTreeSet<Vec<PathBuf>>, base: &Path) -> Vec<String> {
    let name = |file: &PathBuf| file.strip_prefix(base).unwrap_or(file).display().to_string();
    cycles.iter().map(|cycle| cycle.iter().chain(&cycle[..1]).map(name).collect::<Vec<_>>().join(" -> ")).collect()
}

#[test]
fn no_import_cycles_between_files_of_a_crate() {
    let cycles: Vec<_> =
        LAYERS.iter().flat_map(|(dir, _)| describe(&import_cycles(&root().join(dir).join("src")), &root())).collect();
    assert!(cycles.is_empty(), "files import each other round a loop; break each:\n  {}", cycles.join("\n  "));
}

/// A crate's `src`, in a fresh temporary directory, with `files` (path under `src`, code).
fn fixture(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let src = dir.path().join("src");
    for (path, code) in files {
        let file = src.join(path);
        fs::create_dir_all(file.parent().expect("a file has a parent")).expect("a fixture directory");
        fs::write(file, code).expect("a fixture file");
    }
    (dir, src)
}

#[test]
fn the_cycle_finder_follows_grouped_multi_line_uses_super_paths_and_child_re_exports() {
    let (_dir, src) = fixture(&[
        ("lib.rs", "pub mod a;\npub mod c;\n"),
        ("a/mod.rs", "pub mod b;\npub mod d;\npub use d::D;\npub struct A;\n"),
        ("a/b.rs", "pub struct B(super::super::c::C);\n"),
        ("a/d.rs", "use super::A;\npub struct D(A);\n"),
        ("c.rs", "pub use crate::{\n    a::b::{self, B},\n    c::C as Same,\n};\npub struct C;\n"),
    ]);
    let found = describe(&import_cycles(&src), &src);
    assert_eq!(found, ["a/b.rs -> c.rs -> a/b.rs", "a/d.rs -> a/mod.rs -> a/d.rs"]);
}

#[test]
fn the_cycle_finder_sees_through_re_exports_and_ignores_mod_declarations_comments_and_tests() {
    let (_dir, src) = fixture(&[
        ("lib.rs", "pub mod a;\npub mod c;\npub use a::B;\npub use c::C;\n"),
        ("a/mod.rs", "pub mod b;\npub use self::b::B;\nuse crate::C;\n"),
        ("a/b.rs", "use crate::c::C; // use crate::a::A;\npub struct B(C);\n"),
        (
            "c.rs",
            "pub struct C;\nimpl C {\n    fn c() -> crate::c::C {\n        C\n    }\n}\n\
             #[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::B;\n}\n",
        ),
    ]);
    assert_eq!(describe(&import_cycles(&src), &src), Vec::<String>::new());
}
