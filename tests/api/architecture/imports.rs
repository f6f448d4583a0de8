//! The files of each layer import each other in no loop; a failure names the loop to cut.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use super::LAYERS;
use crate::support::root;

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
/// `a::c::d`); with `inline`, also every other path in the code (`crate::a::f()`, `child::f()`; [`target`]
/// keeps those that lead to a file of the crate), but a macro's: `#[macro_export]` puts every macro at the
/// crate's root, whichever file defines it.
fn paths_in(code: &str, inline: bool) -> Vec<Vec<&str>> {
    let (t, mut paths, mut i) = (tokens(code), Vec::new(), 0);
    // Inside a `use`: the path so far, whether it names an item yet, and where each open `{` group starts.
    let (mut using, mut path, mut named, mut groups) = (false, Vec::new(), false, Vec::new());
    while i < t.len() {
        match t[i] {
            "use" => (using, named, path, groups) = (true, false, Vec::new(), Vec::new()),
            word if !using
                && inline
                && is_ident(word)
                && (i == 0 || t[i - 1] != "::")
                && t.get(i + 1) == Some(&"::") =>
            {
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

/// The `src` of every crate of the workspace: the shared crates, the functions, local-api and admin.
fn workspace_sources() -> Vec<PathBuf> {
    let children = |dir: &str| {
        let entries = fs::read_dir(root().join(dir)).unwrap_or_else(|e| panic!("cannot read {dir}: {e}"));
        entries.map(|entry| entry.expect("a readable directory entry").path().join("src")).collect::<Vec<_>>()
    };
    let mut sources = [children("shared"), children("functions")].concat();
    sources.extend(["local-api", "admin"].map(|dir| root().join(dir).join("src")));
    sources.retain(|src| src.is_dir());
    sources
}

#[test]
fn no_import_cycles_between_files_of_a_crate() {
    let sources = workspace_sources();
    assert!(LAYERS.iter().all(|(dir, _)| sources.contains(&root().join(dir).join("src"))), "{sources:?}");
    let cycles: Vec<_> = sources.iter().flat_map(|src| describe(&import_cycles(src), &root())).collect();
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

#[test]
fn the_cycle_finder_sees_a_call_through_a_child_module_without_a_use() {
    let (_dir, src) = fixture(&[
        (
            "lib.rs",
            "mod send;
pub struct Links;
pub fn run() {
    send::send();
}
",
        ),
        (
            "send.rs",
            "use crate::Links;
pub fn send() -> Option<Links> {
    None
}
",
        ),
    ]);
    assert_eq!(describe(&import_cycles(&src), &src), ["lib.rs -> send.rs -> lib.rs"]);
}
