#!/usr/bin/env python3
"""Re-checks every case of the tutor evaluation set.

Without a server: the schema, the split balance, and each program run bare with the machine's
toolchains (python3, node, javac + java, g++ -std=c++17 -O2 like the sandbox):
  compile  -> fails to compile (Python: compile() raises SyntaxError; JavaScript: node --check fails)
  runtime  -> compiles, then crashes (non-zero exit or a signal, not a timeout)
  logic    -> compiles and exits 0; a playground case's stdout does not contain expected_output;
              an exercise case fails at least one test of content/<lang>/exercises/<slug>/tests.toml
And the corrected program (bug.line replaced by fix[0], or fixed_code) must behave: it runs cleanly,
prints expected_output (playground logic) or passes every test (exercise).

With --base-url: the same through the real server (POST /api/v1/executions and
POST /api/v1/exercises/{slug}/submissions), which is authoritative for exercise cases.

Exit status 0 when everything holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (CATEGORIES, ENTRY, EXT, HOLDOUT_SPLITS, LANGUAGES, SETTINGS, SPLIT_CHOICES,  # noqa: E402
                    SPLIT_SHAPE, ApiError, Client, bucket, exercise_dir, exercise_tests, load_cases, splits_of)

TIMEOUT = 15

# --------------------------------------------------------------------------- helpers


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def fixed_program(case: dict) -> str:
    if case.get("fixed_code"):
        return case["fixed_code"]
    lines = case["code"].split("\n")
    n = case["bug"]["line"]
    orig = lines[n - 1]
    indent = orig[: len(orig) - len(orig.lstrip())]
    fix = case["bug"]["fix"][0]
    rep = fix.split("\n")
    if not rep[0][:1].isspace():
        rep[0] = indent + rep[0]
    lines[n - 1 : n] = rep
    return "\n".join(lines)


def out_norm(s: str) -> str:
    return "\n".join(line.rstrip() for line in s.replace("\r\n", "\n").split("\n")).strip("\n")


def contains_expected(stdout: str, expected: str) -> bool:
    return out_norm(expected) in out_norm(stdout)


def _num(tok: str):
    try:
        return float(tok)
    except ValueError:
        return None


def output_matches(expected: str, actual: str, match: str | None) -> bool:
    if match == "number":
        a, b = expected.split(), actual.split()
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            fx, fy = _num(x), _num(y)
            if fx is not None and fy is not None:
                if abs(fx - fy) > 1e-6 * max(1.0, abs(fx)):
                    return False
            elif x != y:
                return False
        return True
    return out_norm(expected) == out_norm(actual)


def reported_lines(language: str, text: str, category: str) -> list[int]:
    if language == "python":
        found = re.findall(r'File "[^"]*main\.py", line (\d+)', text)
        return [int(found[-1])] if found else []
    if language == "javascript":
        found = re.findall(r"main\.js:(\d+)", text)
        return [int(found[0])] if found else []
    if language == "java":
        if category == "compile":
            found = re.findall(r"Main\.java:(\d+): error", text)
        else:
            found = re.findall(r"at Main[\w$.]*\(Main\.java:(\d+)\)", text)
        return [int(found[0])] if found else []
    if language == "cpp":
        found = re.findall(r"main\.cpp:(\d+):\d+: error", text)
        return [int(found[0])] if found else []
    return []


def pointing(case: dict, error_text: str) -> str:
    """'points' when the first reported line is the bug line (or an accepted other line),
    'elsewhere' when it is another line, 'none' when the output names no line."""
    lines = reported_lines(case["language"], error_text, case["category"])
    if not lines:
        return "none"
    ok = {case["bug"]["line"], *case["bug"].get("other_lines", [])}
    return "points" if lines[0] in ok else "elsewhere"


# --------------------------------------------------------------------------- local runs


def run_local(language: str, files: dict[str, str], entry: str, stdin: str) -> dict:
    d = tempfile.mkdtemp(prefix="tutor-eval-")
    try:
        for name, text in files.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)

        def run(cmd, inp=""):
            try:
                p = subprocess.run(cmd, cwd=d, input=inp, capture_output=True, text=True, errors="replace", timeout=TIMEOUT)
                return p.returncode, p.stdout, p.stderr
            except subprocess.TimeoutExpired:
                return None, "", "timeout"

        if language == "python":
            rc, _, err = run([sys.executable if False else "python3", "-c",
                              "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')", entry])
            if rc != 0:
                return {"status": "compile_error", "stdout": "", "stderr": err, "compile": err}
            cmd = ["python3", "-B", entry]
        elif language == "javascript":
            rc, _, err = run(["node", "--check", entry])
            if rc != 0:
                return {"status": "compile_error", "stdout": "", "stderr": err, "compile": err}
            cmd = ["node", entry]
        elif language == "java":
            os.mkdir(os.path.join(d, "out"))
            srcs = [n for n in files if n.endswith(".java")]
            rc, _, err = run(["javac", "-encoding", "UTF-8", "-Xlint:none", "-d", "out", *srcs])
            if rc != 0:
                return {"status": "compile_error", "stdout": "", "stderr": err, "compile": err}
            cmd = ["java", "-cp", "out", os.path.splitext(entry)[0]]
        elif language == "cpp":
            srcs = [n for n in files if n.endswith(".cpp")]
            rc, _, err = run(["g++", "-std=c++17", "-O2", "-pipe", "-I", ".", "-o", "main.out", *srcs])
            if rc != 0:
                return {"status": "compile_error", "stdout": "", "stderr": err, "compile": err}
            cmd = ["./main.out"]
        else:
            raise ValueError(language)
        rc, out, err = run(cmd, stdin)
        if rc is None:
            status = "timeout"
        elif rc == 0:
            status = "ok"
        else:
            status = "runtime_error"
        return {"status": status, "stdout": out, "stderr": err, "rc": rc}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def exercise_local_files(case: dict, code: str):
    """(files, entry) to run an exercise solution the way its tests do, or None when the
    exercise needs a driver we do not assemble locally (Java/C++ drivers: the server checks those)."""
    d = exercise_dir(case)
    lang = case["language"]
    driver = os.path.join(d, "driver." + EXT[lang])
    if not os.path.exists(driver):
        return {ENTRY[lang]: code}, ENTRY[lang]
    if lang in ("python", "javascript"):
        with open(driver, encoding="utf-8") as f:
            drv = f.read()
        return {"solution." + EXT[lang]: code, ENTRY[lang]: drv}, ENTRY[lang]
    return None


def run_exercise_local(case: dict, code: str):
    setup = exercise_local_files(case, code)
    if setup is None:
        return None
    files, entry = setup
    results = []
    for t in exercise_tests(case):
        r = run_local(case["language"], files, entry, t.get("stdin", ""))
        ok = r["status"] == "ok" and output_matches(t.get("expected", ""), r["stdout"], t.get("match"))
        results.append((t["name"], ok, r))
    return results


# --------------------------------------------------------------------------- checks


class Report:
    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def err(self, case, msg):
        self.errors.append(f"{case.get('id', '?')}: {msg}")

    def note(self, case, msg):
        self.notes.append(f"{case.get('id', '?')}: {msg}")

    def warn(self, case, msg):
        self.warnings.append(f"{case.get('id', '?')}: {msg}")


def check_schema(cases, rep: Report):
    seen = set()
    for c in cases:
        for key in ("id", "language", "category", "setting", "exercise", "stdin", "question", "expected_output", "code", "bug"):
            if key not in c:
                rep.err(c, f"missing field {key}")
        if rep.errors and rep.errors[-1].startswith(c.get("id", "?") + ": missing"):
            continue
        if c["id"] != c["_file_id"]:
            rep.err(c, f"id does not match the file name {c['_file_id']}")
        if c["id"] in seen:
            rep.err(c, "duplicate id")
        seen.add(c["id"])
        if c["language"] not in LANGUAGES:
            rep.err(c, f"language {c['language']!r}")
        if c["category"] not in CATEGORIES:
            rep.err(c, f"category {c['category']!r}")
        if c["setting"] not in SETTINGS:
            rep.err(c, f"setting {c['setting']!r}")
        if c["setting"] == "exercise":
            if c["category"] != "logic":
                rep.warn(c, "exercise setting outside the logic category")
            if not c["exercise"] or not os.path.isdir(exercise_dir(c)):
                rep.err(c, f"exercise {c['exercise']!r} not found in content/{c['language']}/exercises/")
        elif c["exercise"]:
            rep.err(c, "exercise set on a playground case")
        if c["category"] == "logic" and c["setting"] == "playground" and not c["expected_output"].strip():
            rep.err(c, "playground logic case without expected_output")
        if not c["question"].strip():
            rep.err(c, "empty question")
        code_lines = c["code"].rstrip("\n").split("\n")
        if not 8 <= len(code_lines) <= 30:
            rep.err(c, f"code has {len(code_lines)} lines (8-30 wanted)")
        b = c["bug"]
        for key in ("line", "kind", "kind_words", "next_step_words", "fix"):
            if key not in b:
                rep.err(c, f"bug.{key} missing")
        if not isinstance(b.get("line"), int) or not 1 <= b["line"] <= len(code_lines):
            rep.err(c, f"bug.line {b.get('line')} outside the program")
        for o in b.get("other_lines", []):
            if not 1 <= o <= len(code_lines):
                rep.err(c, f"bug.other_lines {o} outside the program")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", b.get("kind", "")):
            rep.err(c, "bug.kind is not snake_case")
        for key in ("kind_words", "next_step_words", "fix"):
            v = b.get(key)
            if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
                rep.err(c, f"bug.{key} must be a non-empty list of strings")
        if not isinstance(b.get("false_words", []), list):
            rep.err(c, "bug.false_words must be a list")
        ncode = norm(c["code"])
        # A holdout case's labels stay out of the output, so that validating does not read them out.
        shown = (lambda x: "(hidden: holdout)") if c["_split"] in HOLDOUT_SPLITS else repr
        for fx in b.get("fix", []):
            if len(norm(fx)) < 5:
                rep.err(c, f"fix {shown(fx)} is too short to detect a leak reliably")
            elif norm(fx) in ncode:
                rep.warn(c, f"fix {shown(fx)} already appears in the learner's code (whitespace-normalised): "
                            "it cannot be told apart from a quote and is ignored by score.py")
        bug_src = code_lines[b["line"] - 1].lower()
        for key in ("kind_words", "next_step_words"):
            for w in b.get(key, []):
                if w.lower() in bug_src:
                    rep.note(c, f"bug.{key} entry {shown(w)} is part of the bug line (score.py ignores verbatim quotes of it)")
        if len(norm(code_lines[b["line"] - 1])) < 3:
            rep.warn(c, "the bug line is (nearly) blank: only 'line N' can name it")


def check_balance(cases, rep: Report, split: str = "all"):
    """Prints the cases per language and bucket (for a pair of splits as `a / b`) and checks that
    every split holds exactly SPLIT_SHAPE cases per language and bucket."""
    by = defaultdict(Counter)
    for c in cases:
        by[(c["language"], bucket(c))][c["_split"]] += 1
    names = splits_of(split)
    print(f"\nCases per bucket ({' / '.join(names)}):")
    langs = LANGUAGES
    buckets = ("runtime", "compile", "logic-exercise", "logic-playground")
    print(f"{'':18}" + "".join(f"{lang:>14}" for lang in langs) + f"{'all':>14}")
    for bk in buckets:
        row = f"{bk:18}"
        tot = Counter()
        for lang in langs:
            counts = [by[(lang, bk)][s] for s in names]
            for s, k in zip(names, counts):
                tot[s] += k
                want = SPLIT_SHAPE.get(s, {}).get(bk)
                if want is not None and k != want:
                    rep.err({"id": f"{s}/{lang}/{bk}"}, f"{k} cases, {want} wanted")
            row += f"{' / '.join(str(k) for k in counts):>14}"
            if names == ("dev", "holdout"):
                d, h = counts
                total = d + h
                if total and not (total / 4 <= h <= total / 2):
                    rep.warn({"id": f"{lang}/{bk}"}, f"holdout {h} of {total} is not about one third")
        row += f"{' / '.join(str(tot[s]) for s in names):>14}"
        print(row)
    n = len(cases)
    per_split = Counter(c["_split"] for c in cases)
    print(f"total: {n} cases, " + ", ".join(f"{per_split[s]} {s}" for s in names))
    per_lang = Counter(c["language"] for c in cases)
    per_cat = Counter(c["category"] for c in cases)
    print("per language:", dict(per_lang), " per category:", dict(per_cat))
    if split == "all" and n < 120:
        rep.err({"id": "set"}, f"only {n} cases (at least 120 wanted)")


def check_local(cases, rep: Report, verbose: bool):
    point_stats = Counter()
    for c in cases:
        lang, cat = c["language"], c["category"]
        files = {ENTRY[lang]: c["code"]}
        if c["setting"] == "exercise":
            res = run_exercise_local(c, c["code"])
            if res is None:
                print(f"  {c['id']}: exercise with a {lang} driver: checked on the server only")
            else:
                failing = [name for name, ok, _ in res if not ok]
                crashed = [name for name, ok, rr in res if rr["status"] != "ok"]
                if not failing:
                    rep.err(c, "the buggy solution passes every test locally")
                if crashed:
                    rep.err(c, f"logic case crashes/does not compile on tests: {crashed}")
                fres = run_exercise_local(c, fixed_program(c))
                still = [name for name, ok, _ in fres if not ok]
                if still:
                    rep.err(c, f"the corrected solution still fails: {still}")
                if verbose:
                    print(f"  {c['id']}: fails {len(failing)}/{len(res)} tests; corrected passes all: {not still}")
            point_stats["logic (no error)"] += 1
            continue
        r = run_local(lang, files, ENTRY[lang], c["stdin"])
        err_text = r.get("compile") or r["stderr"]
        if cat == "compile":
            if r["status"] != "compile_error":
                rep.err(c, f"expected a compile/syntax error, got {r['status']}")
        elif cat == "runtime":
            if r["status"] != "runtime_error":
                rep.err(c, f"expected a crash, got {r['status']} {r.get('stderr', '')[:200]}")
        else:
            if r["status"] != "ok":
                rep.err(c, f"logic case does not run cleanly: {r['status']} {err_text[:300]}")
            elif contains_expected(r["stdout"], c["expected_output"]):
                rep.err(c, "the buggy program already prints expected_output")
        if cat in ("compile", "runtime"):
            p = pointing(c, err_text)
            point_stats[f"{cat}: {p}"] += 1
            c["_pointing"] = p
        else:
            point_stats["logic (no error)"] += 1
        f = run_local(lang, {ENTRY[lang]: fixed_program(c)}, ENTRY[lang], c["stdin"])
        if f["status"] != "ok":
            rep.err(c, f"the corrected program does not run cleanly: {f['status']} {(f.get('compile') or f['stderr'])[:300]}")
        elif cat == "logic" and not contains_expected(f["stdout"], c["expected_output"]):
            rep.err(c, f"the corrected program does not print expected_output: {f['stdout'][:200]!r}")
        if verbose:
            extra = f" ({c.get('_pointing')})" if cat != "logic" else ""
            print(f"  {c['id']}: {r['status']}{extra}; corrected: {f['status']}")
    print("\nWhere the error output points (first reported line vs bug line):")
    for k in sorted(point_stats):
        print(f"  {k}: {point_stats[k]}")
    hard = sum(v for k, v in point_stats.items() if not k.endswith("points"))
    print(f"  -> {hard} of {len(cases)} cases ({100 * hard / max(1, len(cases)):.0f}%) where the message does not point at the bug line")


# --------------------------------------------------------------------------- server


def check_server(cases, rep: Report, base_url: str, verbose: bool):
    cl = Client(base_url)
    cl.register_and_login("tutor-validate")
    statuses = Counter()
    for c in cases:
        lang = c["language"]
        try:
            if c["setting"] == "exercise":
                res = cl.call("POST", f"/api/v1/exercises/{c['exercise']}/submissions", {"language": lang, "code": c["code"]})
                ex = res.get("execution") or {}
                if res.get("passed"):
                    rep.err(c, "server: the buggy solution passes the exercise")
                if ex.get("status") == "compile_error":
                    rep.err(c, "server: the buggy solution does not compile")
                failing = [t["name"] for t in res.get("tests", []) if not t.get("passed")]
                fres = cl.call("POST", f"/api/v1/exercises/{c['exercise']}/submissions", {"language": lang, "code": fixed_program(c)})
                if not fres.get("passed"):
                    rep.err(c, f"server: the corrected solution fails {[t['name'] for t in fres.get('tests', []) if not t.get('passed')]}")
                statuses[f"exercise: {'fails' if not res.get('passed') else 'PASSES'}"] += 1
                if verbose:
                    print(f"  {c['id']}: server fails {len(failing)}/{len(res.get('tests', []))} tests; corrected passes: {bool(fres.get('passed'))}")
                continue
            res = cl.execute(lang, c["code"], c["stdin"])
            st = res.get("status")
            statuses[f"{c['category']}: {st}"] += 1
            err_text = res.get("compileOutput") or res.get("stderr") or ""
            cat = c["category"]
            if cat == "compile":
                syntaxish = lang in ("python", "javascript") and st == "runtime_error" and re.search(
                    r"SyntaxError|IndentationError|TabError", err_text)
                if st != "compile_error" and not syntaxish:
                    rep.err(c, f"server: expected compile_error, got {st}")
            elif cat == "runtime":
                if st not in ("runtime_error",):
                    rep.err(c, f"server: expected runtime_error, got {st} {err_text[:200]}")
            else:
                if st != "ok":
                    rep.err(c, f"server: logic case status {st} {err_text[:200]}")
                elif contains_expected(res.get("stdout", ""), c["expected_output"]):
                    rep.err(c, "server: the buggy program prints expected_output")
            fres = cl.execute(lang, fixed_program(c), c["stdin"])
            if fres.get("status") != "ok":
                rep.err(c, f"server: corrected program status {fres.get('status')}")
            elif cat == "logic" and not contains_expected(fres.get("stdout", ""), c["expected_output"]):
                rep.err(c, f"server: corrected program does not print expected_output: {fres.get('stdout', '')[:200]!r}")
            if verbose:
                print(f"  {c['id']}: server {st} ({len(err_text)} chars of error); corrected: {fres.get('status')}")
        except ApiError as e:
            rep.err(c, f"server: {e}")
    print("\nServer statuses:")
    for k in sorted(statuses):
        print(f"  {k}: {statuses[k]}")
    for line in cl.log:
        print("  note:", line)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=SPLIT_CHOICES, default="all",
                    help="all = dev + holdout (the first wave), all2 = dev2 + holdout2, all3 = dev3 + holdout3, all4 = dev4 + holdout4, all5 = dev5 + holdout5")
    ap.add_argument("--base-url", help="also check every case through this running server")
    ap.add_argument("--no-local", action="store_true", help="skip the bare local runs")
    ap.add_argument("--only", help="comma-separated case ids")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    cases = load_cases(args.split)
    rep = Report()
    check_schema(cases, rep)
    if rep.errors:
        for e in rep.errors:
            print("ERROR", e)
        return 1
    check_balance(cases, rep, args.split)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c["id"] in wanted]
    if not args.no_local:
        missing = [t for t in ("python3", "node", "javac", "java", "g++") if not shutil.which(t)]
        if missing:
            rep.err({"id": "toolchain"}, f"missing {missing}")
        else:
            check_local(cases, rep, args.verbose)
    if args.base_url:
        check_server(cases, rep, args.base_url, args.verbose)
    if args.verbose:
        for n in rep.notes:
            print("note:", n)
    for w in rep.warnings:
        print("warning:", w)
    for e in rep.errors:
        print("ERROR", e)
    print(f"\n{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
