#!/usr/bin/env python3
"""Scores the AI tutor of a live Codestead server against the evaluation set.

For every case, the way the web app does it: run the program (playground: POST /api/v1/executions,
exercise: POST /api/v1/exercises/{slug}/submissions), ask the tutor the learner's question with the
context the editor pages send (SSE, time to the first `delta` recorded), then three follow-ups in
the same conversation without the context. The first answer is scored on five criteria, the
follow-ups on the hint ladder. Prints a Markdown table per split; exits 0 whatever the scores.

    score.py --base-url http://127.0.0.1:8080 [--split dev|holdout|dev2|holdout2|dev3|holdout3|dev4|holdout4|dev5|holdout5|all|all2|all3|all4|all5] [--context v1|v2]
             [--json out.json] [--markdown out.md] [-v]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (SPLIT_CHOICES, SPLITS, ApiError, Client, bucket, content_slugs, load_cases,  # noqa: E402
                    reference_solution)

FOLLOW_UPS = ["I still don't get it", "can you give me another hint?", "what exactly should I change?"]
BUCKETS = ("runtime", "compile", "logic-exercise", "logic-playground")
CRITERIA = ("kind", "line", "next_step", "no_leak", "nothing_false")

# ------------------------------------------------------------------------------------ talking


def sse_ask(cl: Client, body: dict) -> dict:
    """POST /tutor/messages with Accept: text/event-stream. Returns {text, ttfd, done, error}."""
    t0 = time.monotonic()
    out = {"text": "", "ttfd": None, "done": None, "error": None, "status": None}
    try:
        resp = cl.call("POST", "/api/v1/tutor/messages", body, headers={"Accept": "text/event-stream"}, stream=True)
    except ApiError as e:
        out["error"] = f"HTTP {e.status} {e.code or ''}: {json.dumps(e.body)[:400] if not isinstance(e.body, str) else e.body[:400]}"
        out["status"] = e.status
        return out
    out["status"] = resp.status
    ctype = resp.headers.get("Content-Type", "")
    with resp:
        if "text/event-stream" not in ctype:
            raw = resp.read().decode(errors="replace")
            try:
                j = json.loads(raw)
                out["text"] = j.get("response", "")
                out["done"] = j
                out["ttfd"] = time.monotonic() - t0
                out["error"] = "server answered JSON instead of SSE" if out["text"] else "empty JSON answer"
                if out["text"]:
                    out["error"] = None
                    out["note"] = "answered JSON despite Accept: text/event-stream"
            except ValueError:
                out["error"] = f"unexpected {ctype!r} answer: {raw[:200]}"
            return out
        event, data = "message", []
        chunks = []

        def dispatch():
            nonlocal event, data
            if not data and event == "message":
                return
            payload = "\n".join(data)
            try:
                obj = json.loads(payload) if payload else {}
            except ValueError:
                obj = {"raw": payload}
            if event == "delta":
                if out["ttfd"] is None:
                    out["ttfd"] = time.monotonic() - t0
                chunks.append(obj.get("text", "") if isinstance(obj, dict) else str(obj))
            elif event == "done":
                out["done"] = obj
            elif event == "error":
                out["error"] = f"SSE error event: {payload[:300]}"
            event, data = "message", []

        for raw in resp:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line == "":
                dispatch()
            elif line.startswith(":"):
                continue
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:][1:] if line[5:].startswith(" ") else line[5:])
        dispatch()
        out["text"] = "".join(chunks)
    if out["done"] is None and out["error"] is None:
        out["error"] = "stream ended without a done event"
    return out


# ------------------------------------------------------------------------------------ scoring


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def strip_comment(line: str, language: str) -> str:
    if language == "python":
        return re.sub(r"\s+#.*$", "", line)
    return re.sub(r"\s*//.*$", "", line)


def prose_only(answer: str) -> str:
    """The answer without fenced code blocks and inline code spans."""
    s = re.sub(r"```.*?(```|$)", " ", answer, flags=re.S)
    s = re.sub(r"`[^`\n]*`", " ", s)
    return s


LINE_REF = re.compile(r"\blines?\s+(\d+)(?:\s*(?:-|–|—|to|and|,|&)\s*(\d+))?", re.I)


def line_numbers(answer: str) -> set[int]:
    found = set()
    for m in LINE_REF.finditer(answer):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if b < a or b - a > 10:
            b = a
        found.update(range(a, b + 1))
    return found


def names_line(answer: str, case: dict) -> bool:
    ok = {case["bug"]["line"], *case["bug"].get("other_lines", [])}
    if line_numbers(answer) & ok:
        return True
    lines = case["code"].split("\n")
    na = norm(answer)
    for n in ok:
        src = lines[n - 1]
        for variant in (src, strip_comment(src, case["language"])):
            v = norm(variant)
            if len(v) >= 6 and v in na:
                return True
    return False


def contains_any(answer: str, words: list[str]) -> list[str]:
    low = answer.lower()
    return [w for w in words if w.lower() in low]


def without_quotes_of(answer: str, code: str) -> str:
    """The answer with the learner's own lines (quoted back verbatim) taken out, so that a word
    counts as "named" only when the tutor says it, not because it is part of the quoted code."""
    for line in sorted({x.strip() for x in code.split("\n")}, key=len, reverse=True):
        if len(line) >= 6:
            answer = answer.replace(line, " ")
    return answer


def leaks(answer: str, case: dict) -> list[str]:
    code = case["code"]
    ncode = norm(code)
    fixes = [f for f in case["bug"]["fix"] if norm(f) and norm(f) not in ncode]
    nfix = [norm(f) for f in fixes]
    a = norm(answer)
    # The learner's own lines, quoted back, are not a leak: take them out first (unless a fix contains them).
    for line in sorted({norm(x) for x in code.split("\n")}, key=len, reverse=True):
        if len(line) >= 6 and not any(line in f for f in nfix):
            a = a.replace(line, "\x00")
    found = [f for f, nf in zip(fixes, nfix) if nf in a]
    if case["setting"] == "exercise":
        for line in reference_solution(case).split("\n"):
            stripped = strip_comment(line, case["language"])
            n = norm(stripped)
            if len(n) >= 10 and n not in ncode and n in a:
                found.append("solution: " + stripped.strip())
    return found


PLACEHOLDERS = [
    (re.compile(r"\{\{|\}\}"), "template braces"),
    (re.compile(r"(?<![\w$])\{[A-Za-z_][A-Za-z0-9_]*\}"), "unfilled {placeholder}"),
    (re.compile(r"<TODO>|<[A-Z][A-Z_]{2,}>"), "<PLACEHOLDER>"),
    (re.compile(r"(?<![\w$])\$[A-Za-z_]\w*"), "$variable"),
    (re.compile(r"\bTODO\b|\bFIXME\b|\bundefined undefined\b|\bNone None\b|\bnull null\b"), "TODO/empty value"),
]
# "There is no error" is false when the run reported one (crash, compiler output, failing tests).
DENIES_ERROR = [
    re.compile(r"\bI (?:don't|do not|can't|cannot|couldn't|could not) (?:see|find|spot) (?:an?|any) (?:error|bug|problem|issue|mistake)", re.I),
    re.compile(r"\bno errors? (?:found|detected|was reported|were reported)\b", re.I),
    re.compile(r"\b(?:your|the) (?:code|program) (?:ran|runs) without (?:an? |any )?errors?\b", re.I),
]
# "The code is correct" is false for every case of the set: each one has a mistake.
CLAIMS_CORRECT = [
    re.compile(r"\b(?:your|the|this) (?:code|program) (?:looks|seems|is) (?:fine|correct|right|ok|okay|good)\b", re.I),
    re.compile(r"\bnothing (?:is )?wrong with (?:your|the|this) (?:code|program)", re.I),
    re.compile(r"\bthere (?:is|'s) no (?:bug|mistake|problem)\b", re.I),
    re.compile(r"\b(?:your|the) code works (?:fine|correctly|as expected)", re.I),
]
NEGATION = re.compile(r"\b(?:no|not|never|without|nor|neither|isn't|wasn't|aren't|doesn't|didn't)\b|n't\b", re.I)


def mentions(answer: str, phrase: str) -> bool:
    """phrase occurs (case-insensitive) and at least once not right after a negation
    ("this is not a NullPointerException" does not claim one)."""
    low, p = answer.lower(), phrase.lower()
    start = 0
    while True:
        i = low.find(p, start)
        if i < 0:
            return False
        before = low[max(0, i - 30):i]
        before = re.split(r"[.!?;:\n]", before)[-1]
        if not NEGATION.search(before):
            return True
        start = i + 1


def false_claims(answer: str, case: dict, slugs: dict[str, str], had_error: bool = True) -> list[str]:
    out = []
    prose = prose_only(answer)
    code = case["code"]
    for rx, what in PLACEHOLDERS:
        for m in rx.finditer(prose):
            if m.group(0) not in code:
                out.append(f"{what}: {m.group(0)}")
    for w in case["bug"].get("false_words", []):
        if mentions(answer, w):
            out.append(f"false word: {w}")
    lang = case["language"]
    for m in re.finditer(r"/learn/(?:tracks/)?([a-z0-9][a-z0-9-]*)", answer):
        slug = m.group(1)
        if slug not in slugs:
            out.append(f"link to an unknown item: {m.group(0)}")
        elif slugs[slug] != lang:
            out.append(f"link to another language ({slugs[slug]}): {m.group(0)}")
    for m in re.finditer(r"(?<![\w/-])([a-z0-9]+(?:-[a-z0-9]+)+)(?![\w-])", answer):
        s = m.group(1)
        if s in slugs and slugs[s] != lang and f"/learn/{s}" not in answer and f"/learn/tracks/{s}" not in answer:
            out.append(f"content slug of another language ({slugs[s]}): {s}")
    for rx in (DENIES_ERROR if had_error else []) + CLAIMS_CORRECT:
        m = rx.search(answer)
        if m:
            out.append(f"denies the mistake: {m.group(0)}")
    return out


def had_error(case: dict, run: dict | None) -> bool:
    """Did the run the learner asks about report something (error output, a crash, failing tests)?"""
    if not run:
        return case["category"] != "logic" or case["setting"] == "exercise"
    if case["setting"] == "exercise":
        return not run.get("passed", False)
    return run.get("status") not in (None, "ok")


def score_first(answer: str, case: dict, slugs, erred: bool = True) -> dict:
    b = case["bug"]
    lk = leaks(answer, case)
    fc = false_claims(answer, case, slugs, erred)
    said = re.sub(r"[`*]+", "", without_quotes_of(answer, case["code"]))  # Markdown emphasis does not matter
    r = {
        "kind": bool(contains_any(said, b["kind_words"])),
        "line": names_line(answer, case),
        "next_step": bool(contains_any(said, b["next_step_words"])),
        "no_leak": not lk,
        "nothing_false": not fc,
        "leaks": lk,
        "false_claims": fc,
    }
    r["fully_helpful"] = all(r[c] for c in CRITERIA)
    return r


def score_ladder(first: str, follow: list[dict], case: dict, slugs=None, erred: bool = True) -> dict:
    texts = [f["text"] for f in follow]
    errors = [f["error"] for f in follow if f["error"]]
    lk = [x for t in texts for x in leaks(t, case)]
    allt = [first] + texts
    normed = [" ".join(t.split()) for t in allt]
    repeated = len(set(normed)) < len(normed) or any(not t.strip() for t in texts)
    named = any(names_line(t, case) for t in texts)
    fc = [x for t in texts for x in false_claims(t, case, slugs or {}, erred)] if slugs is not None else []
    return {
        "false_claims": fc,  # reported separately; not part of "ladder ok"
        "no_leak": not lk,
        "no_repeat": not repeated,
        "names_line": named,
        "errors": errors,
        "leaks": lk,
        "ok": not lk and not repeated and named and not errors and len(texts) == len(FOLLOW_UPS),
    }


# ------------------------------------------------------------------------------------ running

# A request that failed: nothing was named, and nothing leaked or was false (it still is not helpful).
NO_ANSWER = {"kind": False, "line": False, "next_step": False, "no_leak": True, "nothing_false": True,
             "fully_helpful": False, "leaks": [], "false_claims": [], "no_answer": True}


def run_case(cl: Client, case: dict, mode: str, skill: str | None, content_ids: dict, slugs) -> dict:
    lang = case["language"]
    res = {"id": case["id"], "split": case["_split"], "bucket": bucket(case), "language": lang, "errors": []}
    # 1. run the program as the page would
    try:
        if case["setting"] == "exercise":
            slug = case["exercise"]
            if slug not in content_ids:
                item = cl.call("GET", f"/api/v1/content/{slug}")
                content_ids[slug] = item["id"]
            sub = cl.call("POST", f"/api/v1/exercises/{slug}/submissions", {"language": lang, "code": case["code"]})
            ex = sub.get("execution") or {}
            failed = not sub.get("passed")
            res["run"] = {"passed": sub.get("passed"), "status": ex.get("status"),
                          "failing": [t["name"] for t in sub.get("tests", []) if not t.get("passed")]}
            ctx = {
                "contentId": content_ids[slug],
                "language": lang,
                "code": case["code"],
                "errorMessage": (ex.get("compileOutput") or ex.get("stderr") or None) if failed else None,
                "failingTests": [f"{t['name']}: {t['message']}" if t.get("message") else t["name"]
                                 for t in sub.get("tests", []) if not t.get("passed")] if failed else None,
            }
            stdout, exec_id = ex.get("stdout"), ex.get("id")
        else:
            ex = cl.execute(lang, case["code"], case["stdin"])
            st = ex.get("status")
            res["run"] = {"status": st, "errorChars": len(ex.get("compileOutput") or ex.get("stderr") or "")}
            err = None if st == "ok" else (ex.get("compileOutput") or ex.get("stderr") or f"Status: {st}")
            ctx = {"language": lang, "code": case["code"], "errorMessage": err}
            stdout, exec_id = ex.get("stdout"), ex.get("id")
    except ApiError as e:
        res["errors"].append(f"run: {e}")
        res["first"] = {"text": "", "ttfd": None, "error": str(e)}
        res["follow"] = []
        res["score"] = NO_ANSWER.copy()
        res["ladder"] = {"ok": False, "no_leak": True, "no_repeat": True, "names_line": False,
                         "errors": ["not asked"], "leaks": [], "false_claims": []}
        return res
    if skill:
        ctx["skillLevel"] = skill
    if mode == "v2":
        ctx["expectedOutput"] = case["expected_output"] or None
        ctx["actualOutput"] = stdout
        ctx["executionId"] = exec_id
        if "failingTests" not in ctx:
            ctx["failingTests"] = None
    res["context_keys"] = sorted(k for k, v in ctx.items() if v is not None)
    # 2. the learner's question, with the context
    first = sse_ask(cl, {"conversationId": None, "query": case["question"], "context": ctx})
    res["first"] = first
    if first["error"]:
        res["errors"].append(f"first answer: {first['error']}")
    conv = (first.get("done") or {}).get("conversationId")
    res["provider"] = (first.get("done") or {}).get("provider")
    # 3. follow-ups in the same conversation, no context
    res["follow"] = []
    if conv and not first["error"]:
        for q in FOLLOW_UPS:
            f = sse_ask(cl, {"conversationId": conv, "query": q})
            res["follow"].append({"query": q, "text": f["text"], "error": f["error"], "ttfd": f["ttfd"]})
            if f["error"]:
                res["errors"].append(f"follow-up {q!r}: {f['error']}")
    erred = had_error(case, res.get("run"))
    res["score"] = score_first(first["text"], case, slugs, erred)
    if first["error"] and not first["text"]:
        res["score"] = NO_ANSWER.copy()
    res["ladder"] = score_ladder(first["text"], res["follow"], case, slugs, erred)
    return res


# ------------------------------------------------------------------------------------ report


def pct(n, d):
    return f"{100 * n / d:.0f}%" if d else "–"


def table(results: list[dict], split: str) -> str:
    rows = []
    head = ("| bucket | cases | fully helpful | % | kind named | line named | next step | no leak | nothing false "
            "| ladder ok | leaks | errors |")
    rows.append(head)
    rows.append("|" + "---|" * (head.count("|") - 1))
    groups = [(b, [r for r in results if r["bucket"] == b]) for b in BUCKETS] + [("all", results)]
    for name, rs in groups:
        n = len(rs)
        full = sum(1 for r in rs if r["score"]["fully_helpful"])
        crit = [pct(sum(1 for r in rs if r["score"][c]), n) for c in CRITERIA]
        ladder = pct(sum(1 for r in rs if r["ladder"]["ok"]), n)
        leaks_n = sum(1 for r in rs if r["score"]["leaks"] or r["ladder"]["leaks"])
        errs = sum(1 for r in rs if r["errors"])
        label = f"**{name}**" if name == "all" else name
        rows.append(f"| {label} | {n} | {full} | {pct(full, n)} | " + " | ".join(crit) + f" | {ladder} | {leaks_n} | {errs} |")
    return f"**{split}**\n\n" + "\n".join(rows)


def per_language(results: list[dict]) -> str:
    langs = sorted({r["language"] for r in results})
    rows = ["| language | cases | fully helpful | % |", "|---|---|---|---|"]
    for lang in langs:
        rs = [r for r in results if r["language"] == lang]
        full = sum(1 for r in rs if r["score"]["fully_helpful"])
        rows.append(f"| {lang} | {len(rs)} | {full} | {pct(full, len(rs))} |")
    return "\n".join(rows)


def latency_line(results: list[dict]) -> str:
    xs = sorted(r["first"]["ttfd"] for r in results if r.get("first") and r["first"].get("ttfd") is not None)
    if not xs:
        return "first text latency: no answer arrived"
    p50 = statistics.median(xs)
    p95 = xs[min(len(xs) - 1, max(0, int(round(0.95 * len(xs) + 0.5)) - 1))]
    return f"time to first `delta` (first question): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {xs[-1] * 1000:.0f} ms (n = {len(xs)})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--split", choices=SPLIT_CHOICES, default="dev",
                    help="all = dev + holdout (the first wave), all2 = dev2 + holdout2, all3 = dev3 + holdout3, all4 = dev4 + holdout4, all5 = dev5 + holdout5")
    ap.add_argument("--context", choices=("v1", "v2"), default="v2",
                    help="v1: the fields the web app sends today; v2: plus expectedOutput, actualOutput, executionId")
    ap.add_argument("--json", help="write every case's answers and scores here")
    ap.add_argument("--markdown", help="write the tables here")
    ap.add_argument("--only", help="comma-separated case ids")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each case that is not fully helpful, with an excerpt")
    args = ap.parse_args()

    cases = load_cases(args.split)
    if args.only:
        keep = set(args.only.split(","))
        cases = [c for c in cases if c["id"] in keep]
    slugs = content_slugs()
    cl = Client(args.base_url)
    try:
        cl.register_and_login()
        me = cl.call("GET", "/api/v1/me")
    except ApiError as e:
        print(f"cannot register/log in: {e}", file=sys.stderr)
        return 0
    me = me.get("user", me) if isinstance(me, dict) else {}
    skill = me.get("skillLevel") if isinstance(me, dict) else None

    started = datetime.now(timezone.utc)
    results, content_ids = [], {}
    for i, case in enumerate(cases, 1):
        r = run_case(cl, case, args.context, skill, content_ids, slugs)
        results.append(r)
        mark = "✓" if r["score"]["fully_helpful"] else "·"
        print(f"[{i:3}/{len(cases)}] {mark} {case['id']:<14} {r['bucket']:<17} "
              + " ".join(f"{c}={'y' if r['score'][c] else 'n'}" for c in CRITERIA)
              + f" ladder={'y' if r['ladder']['ok'] else 'n'}" + (f"  ERROR {r['errors'][0][:120]}" if r["errors"] else ""),
              file=sys.stderr)
        if args.verbose and not r["score"]["fully_helpful"]:
            missing = [c for c in CRITERIA if not r["score"][c]]
            excerpt = " ".join(r["first"]["text"].split())[:400]
            print(f"      missing: {', '.join(missing)}; leaks: {r['score']['leaks']}; false: {r['score']['false_claims']}", file=sys.stderr)
            print(f"      answer: {excerpt or '(none)'}", file=sys.stderr)
            if not r["ladder"]["ok"]:
                print(f"      ladder: {json.dumps({k: v for k, v in r['ladder'].items() if k != 'ok'})[:300]}", file=sys.stderr)

    out = [f"# Tutor evaluation ({args.split}, context {args.context})", "",
           f"Server {args.base_url}, {started:%Y-%m-%d %H:%M} UTC, provider "
           f"{', '.join(sorted({r['provider'] for r in results if r.get('provider')})) or '?'}, {len(results)} cases.", ""]
    for split in SPLITS:
        rs = [r for r in results if r["split"] == split]
        if rs:
            out += [table(rs, split), "", latency_line(rs), ""]
    if len({r["split"] for r in results}) > 1:
        out += [latency_line(results) + " (both splits)", ""]
    out += ["Fully helpful per language:", "", per_language(results), ""]
    ffc = [r for r in results if r.get("ladder", {}).get("false_claims")]
    if ffc:
        out += [f"Follow-up answers with a false claim (not part of ladder ok): {len(ffc)} of {len(results)} cases.", ""]
    errs = [r for r in results if r["errors"]]
    if errs:
        out += [f"{len(errs)} case(s) with request errors:", ""]
        out += [f"- {r['id']}: {r['errors'][0][:300]}" for r in errs]
        out.append("")
    waits = [x for x in cl.log if "waiting" in x]
    if cl.trace_supported is False:
        out += ["Note: the server rejected `trace: false` on `POST /api/v1/executions` (unknown field); "
                "the runs were sent without it.", ""]
    if waits:
        out += [f"Waited on rate limits {len(waits)} time(s).", ""]
    md = "\n".join(out)
    print(md)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"base_url": args.base_url, "split": args.split, "context": args.context,
                       "started": started.isoformat(), "results": results}, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
