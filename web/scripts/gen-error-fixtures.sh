#!/usr/bin/env bash
# Regenerates the compiler/runtime error fixtures used by the playground's error-line parser tests.
# Each fixture is a broken program plus the EXACT output the real toolchain printed for it, so the
# parsers are tested on what python3, node, javac/java and g++ really say, not on what we imagine.
# Usage: bash web/scripts/gen-error-fixtures.sh   (needs python3, node, javac, java, g++ on PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/features/playground/lib/__fixtures__"
src="$out/programs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run_case() { # name file command...
  local name="$1" file="$2"; shift 2
  local dir="$work/$name"
  mkdir -p "$dir"
  cp "$src/$name/$file" "$dir/$file"
  (cd "$dir" && "$@" >"$dir/.stdout" 2>"$dir/.stderr") || true
  cp "$dir/.stderr" "$out/$name.txt"
}

for n in py_type_error py_syntax_error py_name_error_nested; do run_case "$n" main.py python3 main.py; done
for n in js_type_error js_syntax_error js_const_assign; do run_case "$n" main.js node main.js; done
for n in java_syntax_error java_type_errors; do run_case "$n" Main.java javac Main.java; done
for n in java_arith_exception java_npe; do run_case "$n" Main.java bash -c 'javac Main.java && java Main'; done
for n in cpp_missing_semicolon cpp_two_errors cpp_template_notes; do run_case "$n" main.cpp g++ -std=c++17 -o main main.cpp; done
run_case cpp_warnings main.cpp g++ -std=c++17 -Wall -o main main.cpp

{
  echo "python3: $(python3 --version 2>&1)"
  echo "node: $(node --version)"
  echo "javac: $(javac -version 2>&1)"
  echo "g++: $(g++ --version | head -1)"
} >"$out/VERSIONS.txt"
echo "fixtures written to $out"
