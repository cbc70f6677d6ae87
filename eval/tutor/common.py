"""Shared by score.py and validate.py: loading the cases, the curriculum, and a small HTTP client
for the Codestead API (standard library only)."""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
CONTENT = os.path.join(REPO, "content")
CASES_DIR = os.path.join(HERE, "cases")

LANGUAGES = ("python", "javascript", "java", "cpp")
CATEGORIES = ("runtime", "compile", "logic")
SETTINGS = ("playground", "exercise")
EXT = {"python": "py", "javascript": "js", "java": "java", "cpp": "cpp"}
ENTRY = {"python": "main.py", "javascript": "main.js", "java": "Main.java", "cpp": "main.cpp"}


def bucket(case: dict) -> str:
    """runtime | compile | logic-exercise | logic-playground"""
    if case["category"] == "logic":
        return "logic-" + case["setting"]
    return case["category"]


# The splits, in the order the tables print them. `all` is the first-wave set (dev + holdout), as
# it always was; the second-wave splits are asked for by name (or `all2` for dev2 + holdout2).
SPLITS = ("dev", "holdout", "dev2", "holdout2", "dev3", "holdout3", "dev4", "holdout4", "dev5", "holdout5")
SPLIT_GROUPS = {"all": ("dev", "holdout"), "all2": ("dev2", "holdout2"), "all3": ("dev3", "holdout3"),
                "all4": ("dev4", "holdout4"), "all5": ("dev5", "holdout5")}
SPLIT_CHOICES = SPLITS + tuple(SPLIT_GROUPS)
# Holdout splits: measure only, never tune on them or read their per-case output.
HOLDOUT_SPLITS = ("holdout", "holdout2", "holdout3", "holdout4", "holdout5")
# Cases per language and bucket that each split must hold (validate.py checks it).
SPLIT_SHAPE = {
    "dev": {"runtime": 7, "compile": 7, "logic-exercise": 3, "logic-playground": 3},
    "holdout": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "dev2": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "holdout2": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "dev3": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "holdout3": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "dev4": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "holdout4": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "dev5": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
    "holdout5": {"runtime": 3, "compile": 3, "logic-exercise": 2, "logic-playground": 2},
}


def splits_of(split: str) -> tuple[str, ...]:
    return SPLIT_GROUPS.get(split, (split,))


def load_cases(split: str = "all") -> list[dict]:
    splits = splits_of(split)
    cases = []
    for s in splits:
        d = os.path.join(CASES_DIR, s)
        if not os.path.isdir(d):
            raise SystemExit(f"no split {s!r}: {d} does not exist")
        for name in sorted(os.listdir(d)):
            if not name.endswith(".toml"):
                continue
            path = os.path.join(d, name)
            with open(path, "rb") as f:
                case = tomllib.load(f)
            case["_split"] = s
            case["_path"] = path
            case["_file_id"] = name[: -len(".toml")]
            cases.append(case)
    return cases


# ---------------------------------------------------------------- curriculum


def front_matter(path: str) -> dict:
    """The few scalar keys we need from a Markdown file's YAML front matter (id, slug, type)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---"):
        return out
    block = text.split("---", 2)[1]
    for line in block.splitlines():
        m = re.match(r"^(id|slug|type|title):\s*(.+?)\s*$", line)
        if m:
            out[m.group(1)] = m.group(2).strip("\"'")
    return out


def content_slugs() -> dict[str, str]:
    """Every slug of the curriculum (tracks, modules, lessons, exercises) -> its language."""
    slugs: dict[str, str] = {}
    for lang in LANGUAGES:
        root = os.path.join(CONTENT, lang)
        track = os.path.join(root, "track.toml")
        if os.path.exists(track):
            with open(track, "rb") as f:
                t = tomllib.load(f)
            slugs[t.get("slug", lang)] = lang
            for m in t.get("modules", []):
                if "slug" in m:
                    slugs[m["slug"]] = lang
                for item in m.get("items", []):
                    slugs[item] = lang
        for sub in ("lessons", "exercises"):
            d = os.path.join(root, sub)
            if not os.path.isdir(d):
                continue
            for name in os.listdir(d):
                p = os.path.join(d, name)
                md = os.path.join(p, "exercise.md") if os.path.isdir(p) else p
                if md.endswith(".md") and os.path.exists(md):
                    fm = front_matter(md)
                    slugs[fm.get("slug", os.path.splitext(name)[0])] = lang
    return slugs


def exercise_dir(case: dict) -> str:
    return os.path.join(CONTENT, case["language"], "exercises", case["exercise"])


def reference_solution(case: dict) -> str:
    d = exercise_dir(case)
    p = os.path.join(d, "solution." + EXT[case["language"]])
    with open(p, encoding="utf-8") as f:
        return f.read()


def exercise_tests(case: dict) -> list[dict]:
    with open(os.path.join(exercise_dir(case), "tests.toml"), "rb") as f:
        return tomllib.load(f).get("test", [])


# ---------------------------------------------------------------- HTTP


class ApiError(Exception):
    def __init__(self, status: int, body, method: str, path: str):
        self.status = status
        self.body = body
        self.method = method
        self.path = path
        super().__init__(f"{method} {path} -> {status}: {str(body)[:300]}")

    @property
    def code(self):
        return self.body.get("code") if isinstance(self.body, dict) else None


@dataclass
class Client:
    base_url: str
    token: str | None = None
    email: str | None = None
    password: str | None = None
    timeout: float = 120.0
    max_wait: float = 120.0  # longest Retry-After we are willing to sleep through
    log: list = field(default_factory=list)

    def _request(self, method: str, path: str, body=None, headers=None, stream=False):
        url = self.base_url.rstrip("/") + path
        data = None
        h = {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if headers:
            h.update(headers)
        req = urllib.request.Request(url, data=data, method=method, headers=h)
        return urllib.request.urlopen(req, timeout=self.timeout)

    def call(self, method: str, path: str, body=None, headers=None, stream=False, _retries=6, _relogged=False):
        """JSON call with retries on 429 (rate limits) / 503 (queue full) and one re-login on 401.
        With stream=True returns the open response (caller reads it)."""
        try:
            resp = self._request(method, path, body, headers, stream)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                payload = json.loads(raw.decode() or "null")
            except ValueError:
                payload = raw.decode(errors="replace")
            retry_after = e.headers.get("Retry-After")
            code = payload.get("code") if isinstance(payload, dict) else None
            if e.code in (429, 503) and _retries > 0 and code != "quota_exceeded":
                wait = float(retry_after) if retry_after and retry_after.replace(".", "", 1).isdigit() else 2.0
                if wait <= self.max_wait:
                    self.log.append(f"{method} {path}: {e.code} {code}, waiting {wait:.0f}s")
                    time.sleep(max(wait, 0.5))
                    return self.call(method, path, body, headers, stream, _retries - 1, _relogged)
            if e.code == 401 and not _relogged and self.email and path not in ("/api/v1/auth/login",):
                self.login()
                return self.call(method, path, body, headers, stream, _retries, True)
            raise ApiError(e.code, payload, method, path) from None
        if stream:
            return resp
        with resp:
            raw = resp.read()
        if not raw:
            return None
        try:
            return json.loads(raw.decode())
        except ValueError:
            return raw.decode(errors="replace")

    # -- code execution
    trace_supported: bool | None = None  # None: not known yet

    def execute(self, language: str, code: str, stdin: str = "") -> dict:
        """POST /api/v1/executions with `trace: false` (a second-wave field). A server that refuses
        the unknown field (422 naming `trace`) gets the request again without it, and from then on."""
        body = {"language": language, "code": code, "stdin": stdin}
        if self.trace_supported is not False:
            try:
                res = self.call("POST", "/api/v1/executions", {**body, "trace": False})
                self.trace_supported = True
                return res
            except ApiError as e:
                fields = e.body.get("fields") if isinstance(e.body, dict) else None
                if e.status in (400, 422) and (isinstance(fields, dict) and "trace" in fields or "trace" in str(e.body)):
                    self.trace_supported = False
                    self.log.append("POST /api/v1/executions: the server rejects `trace` "
                                    f"({e.status} {e.code}); sent without it")
                else:
                    raise
        return self.call("POST", "/api/v1/executions", body)

    # -- accounts
    def register_and_login(self, prefix: str = "tutor-eval") -> dict:
        tag = secrets.token_hex(6)
        self.email = f"{prefix}-{tag}@example.com"
        # long, random, mixed classes: passes any strength rule, never in a breach list
        self.password = secrets.token_urlsafe(18) + "-Qz7!"
        self.call("POST", "/api/v1/auth/register", {
            "email": self.email, "password": self.password,
            "firstName": "Eval", "lastName": "Learner", "username": f"eval_{tag}",
        })
        return self.login()

    def login(self) -> dict:
        self.token = None
        res = self.call("POST", "/api/v1/auth/login", {"email": self.email, "password": self.password})
        self.token = res["accessToken"]
        return res


def wait_ready(base_url: str, timeout: float = 60.0) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + "/readyz", timeout=2) as r:
                if r.status == 200:
                    return True
        except Exception:
            pass
        time.sleep(0.25)
    return False


def eprint(*a):
    print(*a, file=sys.stderr)
