//! Precompiled standard headers for C++ compiles.
//!
//! Most of a small C++ compile is parsing `<iostream>`, `<string>`, `<vector>`…; a GCC
//! precompiled header (`.gch`) of the same headers, built with the same flags, replaces that
//! with loading a memory image. To keep compiles exactly what the learner wrote, a header
//! image is only ever used for the headers the learner's file itself includes first, in the
//! same order, with nothing before them but blank lines and `//` comments: the compile then
//! gets `-include /pch/h`, where `h` is those very `#include` lines, and the learner's own
//! `#include`s that follow are no-ops (include guards), just as the second of two identical
//! `#include`s is. No other header becomes visible, no macro is defined, line numbers in
//! diagnostics are unchanged. If GCC finds the image unusable (other flags, e.g. the
//! sanitizer rerun), it reads `h` itself: slower, same result.
//!
//! An image is built once per header list, in the background at the first compile that
//! names it (that compile and any until the image is ready compile as before), in a compile
//! sandbox of its own like any compile (`src/runner.rs`, `build_pch`), from standard headers
//! only: nothing of any submission ever reaches an image. After the build the host moves the
//! image into a root-owned directory, read-only to every uid, which compiles bind read-only at
//! `/pch`. At most [`MAX_IMAGES`] lists get images; one build runs at a time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::runner::WorkDir;

/// Standard headers an image may hold: the C++17 library headers a course uses. Only names
/// from this list are ever written into an image's header file.
const HEADERS: &[&str] = &[
    "algorithm",
    "any",
    "array",
    "bitset",
    "cassert",
    "cctype",
    "cfloat",
    "chrono",
    "climits",
    "cmath",
    "complex",
    "cstddef",
    "cstdint",
    "cstdio",
    "cstdlib",
    "cstring",
    "ctime",
    "deque",
    "exception",
    "fstream",
    "functional",
    "initializer_list",
    "iomanip",
    "ios",
    "iostream",
    "istream",
    "iterator",
    "limits",
    "list",
    "map",
    "memory",
    "numeric",
    "optional",
    "ostream",
    "queue",
    "random",
    "set",
    "sstream",
    "stack",
    "stdexcept",
    "string",
    "string_view",
    "tuple",
    "type_traits",
    "unordered_map",
    "unordered_set",
    "utility",
    "variant",
    "vector",
];

/// Most header lists with an image (each image is 10–50 MB of tmpfs, charged to no run).
pub(crate) const MAX_IMAGES: usize = 16;

/// The standard headers `source` includes before anything else, in order, or `None` when
/// its first non-blank, non-comment line is not such an `#include` (or anything could make
/// the header image differ from what the file itself would include: a block comment, a
/// line continuation, a header outside [`HEADERS`], a repeated header).
pub(crate) fn leading_includes(source: &str) -> Option<Vec<&'static str>> {
    let mut headers: Vec<&'static str> = Vec::new();
    for line in source.lines() {
        let t = line.trim();
        if t.ends_with('\\') {
            // A continued line: a `//` comment would swallow the next line.
            break;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        let Some(name) = t
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("include"))
            .map(str::trim)
            .and_then(|r| r.strip_prefix('<'))
            .and_then(|r| r.strip_suffix('>'))
        else {
            break;
        };
        match HEADERS.iter().find(|h| **h == name) {
            Some(h) if !headers.contains(h) => headers.push(h),
            _ => break,
        }
    }
    (!headers.is_empty()).then_some(headers)
}

/// The header file of an image: exactly the learner's include lines.
pub(crate) fn header_text(headers: &[&str]) -> String {
    headers
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect()
}

enum Entry {
    Building,
    /// The image's directory (`h` and `h.gch`, root-owned, read-only), removed on drop.
    Ready(WorkDir),
    Failed,
}

/// The images built so far, by header list.
#[derive(Default)]
pub(crate) struct PchCache {
    entries: Mutex<HashMap<Vec<&'static str>, Entry>>,
    /// Woken whenever a build finishes.
    built: tokio::sync::Notify,
    /// Compiles that used an image (for the benchmark and the tests).
    used: AtomicU64,
}

/// Where a header list stands.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum State {
    Ready,
    Building,
    Failed,
    Unknown,
}

impl PchCache {
    /// The directory holding the image for `headers` (`h` and `h.gch`), if it is ready.
    pub(crate) fn image(&self, headers: &[&'static str]) -> Option<std::path::PathBuf> {
        match self.entries.lock().expect("pch cache lock").get(headers) {
            Some(Entry::Ready(dir)) => Some(dir.src.clone()),
            _ => None,
        }
    }

    /// Marks `headers` as building and returns true if the caller should build its image
    /// now: it has none, no other build is under way and there is room.
    pub(crate) fn claim(&self, headers: &[&'static str]) -> bool {
        let mut entries = self.entries.lock().expect("pch cache lock");
        if entries.contains_key(headers)
            || entries.len() >= MAX_IMAGES
            || entries.values().any(|e| matches!(e, Entry::Building))
        {
            return false;
        }
        entries.insert(headers.to_vec(), Entry::Building);
        true
    }

    /// Records a build's result (`None`: it failed; the list is never tried again).
    pub(crate) fn finish(&self, headers: &[&'static str], image: Option<WorkDir>) {
        let entry = match image {
            Some(dir) => Entry::Ready(dir),
            None => Entry::Failed,
        };
        self.entries
            .lock()
            .expect("pch cache lock")
            .insert(headers.to_vec(), entry);
        self.built.notify_waiters();
    }

    pub(crate) fn state(&self, headers: &[&'static str]) -> State {
        match self.entries.lock().expect("pch cache lock").get(headers) {
            Some(Entry::Ready(_)) => State::Ready,
            Some(Entry::Building) => State::Building,
            Some(Entry::Failed) => State::Failed,
            None => State::Unknown,
        }
    }

    /// Waits until no build of `headers` is under way.
    pub(crate) async fn settled(&self, headers: &[&'static str]) {
        loop {
            let woken = self.built.notified();
            if self.state(headers) != State::Building {
                return;
            }
            woken.await;
        }
    }

    pub(crate) fn count_use(&self) {
        self.used.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn uses(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leading_standard_includes_are_found_in_order() {
        let src = "// greet\n\n#include <iostream>\n#  include <string>\n#include<vector>\nint main() {}\n#include <map>\n";
        assert_eq!(
            leading_includes(src),
            Some(vec!["iostream", "string", "vector"])
        );
        assert_eq!(
            header_text(&["iostream", "string"]),
            "#include <iostream>\n#include <string>\n"
        );
    }

    #[test]
    fn anything_that_could_change_what_the_headers_mean_stops_the_list() {
        for src in [
            "#define _GLIBCXX_DEBUG\n#include <vector>\n",
            "/* x */\n#include <vector>\n",
            "// note \\\n#include <vector>\n",
            "#include \"vector\"\n",
            "#include <bits/stdc++.h>\n",
            "#include <vector> // why\n",
            "int x;\n#include <vector>\n",
            "#pragma GCC optimize(\"O3\")\n#include <vector>\n",
            "",
        ] {
            assert_eq!(leading_includes(src), None, "{src:?}");
        }
        // A list ends at the first line that is not one of them; what came before counts.
        assert_eq!(
            leading_includes("#include <iostream>\n#define N 5\n#include <vector>\n"),
            Some(vec!["iostream"])
        );
        assert_eq!(
            leading_includes("#include <iostream>\n#include <iostream>\n#include <vector>\n"),
            Some(vec!["iostream"])
        );
    }

    #[test]
    fn one_build_at_a_time_and_a_failed_list_is_not_retried() {
        let cache = PchCache::default();
        assert!(cache.claim(&["iostream"]));
        assert!(!cache.claim(&["iostream"]));
        assert!(!cache.claim(&["vector"]), "one build at a time");
        assert_eq!(cache.state(&["iostream"]), State::Building);
        cache.finish(&["iostream"], None);
        assert_eq!(cache.state(&["iostream"]), State::Failed);
        assert!(!cache.claim(&["iostream"]));
        assert_eq!(cache.image(&["iostream"]), None);
        assert!(cache.claim(&["vector"]));
    }
}
