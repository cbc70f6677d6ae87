// Runs many edited versions ("mutants") of a learner's JavaScript program in one Node process,
// inside the sandbox like any run, each in a fresh `vm` context, and reports what each printed.
// The payload and the report are those of repair_driver.py (same fields, same codes). stdin is
// served to the program through the ways beginners read it: fs.readFileSync(0 or "/dev/stdin"),
// readline's "line"/"close" events, rl.question and `for await (const line of rl)`, process.stdin
// events. Callbacks run after the program's top level, inside the same time budget.
"use strict";
const vm = require("vm");
const util = require("util");
const fs = require("fs");

const payload = JSON.parse(fs.readFileSync(0, "utf8"));
const perRun = payload.per_run_ms;
const deadline = Date.now() + payload.total_ms;
const stdins = payload.stdins;
const outputs = [];
const indexOf = new Map();
let room = 40 * 1024;

function record(text) {
  text = text.slice(0, 1024);
  if (indexOf.has(text)) return indexOf.get(text);
  if (room < text.length) return -3;
  room -= text.length;
  indexOf.set(text, outputs.length);
  outputs.push(text);
  return outputs.length - 1;
}

class Exit extends Error {}

function runOnce(src, stdin) {
  let out = "";
  const write = (s) => {
    out += String(s);
    if (out.length > 8192) throw new Exit("too much output");
  };
  const log = (...a) => write(util.format(...a) + "\n");
  const lines = stdin.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const jobs = [];
  const readStdin = (path, enc) => {
    if (path === 0 || path === "/dev/stdin") return enc ? stdin : Buffer.from(stdin);
    return fs.readFileSync(path, enc);
  };
  const fakeFs = Object.assign({}, fs, { readFileSync: readStdin });
  const fakeReadline = {
    createInterface() {
      const on = { line: [], close: [] };
      let next = 0;
      let closed = false;
      const rl = {
        on(ev, fn) {
          if (on[ev]) on[ev].push(fn);
          if (ev === "line" && on.line.length === 1) jobs.push(feed);
          return rl;
        },
        once(ev, fn) {
          return rl.on(ev, fn);
        },
        question(q, fn) {
          write(q);
          jobs.push(() => {
            if (next < lines.length) fn(lines[next++]);
          });
        },
        close() {
          if (!closed) {
            closed = true;
            jobs.push(() => on.close.forEach((f) => f()));
          }
        },
        setPrompt() {},
        prompt() {},
        [Symbol.asyncIterator]() {
          return {
            next: () => Promise.resolve(next < lines.length ? { value: lines[next++], done: false } : { value: undefined, done: true }),
            return: () => Promise.resolve({ done: true }),
          };
        },
      };
      function feed() {
        while (next < lines.length && !closed) {
          const l = lines[next++];
          on.line.forEach((f) => f(l));
        }
        rl.close();
      }
      return rl;
    },
  };
  const fakeStdin = {
    setEncoding() {},
    resume() {},
    on(ev, fn) {
      if (ev === "data") jobs.push(() => fn(stdin));
      if (ev === "end") jobs.push(() => fn());
      return fakeStdin;
    },
  };
  const modules = { fs: fakeFs, readline: fakeReadline };
  const mod = { exports: {} };
  const sandbox = {
    console: { log, info: log, error() {}, warn() {}, table: log },
    process: {
      stdout: { write },
      stderr: { write() {} },
      stdin: fakeStdin,
      argv: ["node", "main.js"],
      env: {},
      exit() {
        throw new Exit("exit");
      },
      on() {},
    },
    module: mod,
    exports: mod.exports,
    setTimeout: (f) => jobs.push(f),
    setImmediate: (f) => jobs.push(f),
    queueMicrotask: (f) => jobs.push(f),
  };
  sandbox.require = (name) => {
    const bare = String(name).replace(/^node:/, "");
    if (modules[bare]) return modules[bare];
    if (bare.startsWith("./") && payload.module && bare.replace(/^\.\//, "").replace(/\.js$/, "") === payload.module) {
      return sandbox.__learner;
    }
    return require(bare);
  };
  sandbox.__pump = () => {
    for (let i = 0; i < jobs.length && i < 10000; i++) jobs[i]();
  };
  const ctx = vm.createContext(sandbox);
  let failed = null;
  try {
    if (payload.driver) {
      const learner = { exports: {} };
      ctx.module = learner;
      ctx.exports = learner.exports;
      vm.runInContext(src, ctx, { timeout: perRun, filename: payload.module + ".js" });
      ctx.__learner = ctx.module.exports;
      ctx.module = mod;
      ctx.exports = mod.exports;
      vm.runInContext(payload.driver, ctx, { timeout: perRun, filename: "main.js" });
    } else {
      vm.runInContext(src, ctx, { timeout: perRun, filename: "main.js" });
    }
    vm.runInContext("__pump()", ctx, { timeout: perRun });
  } catch (e) {
    if (e instanceof Exit) {
      if (e.message !== "exit") failed = -1;
    } else if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      failed = -2;
    } else {
      failed = -1;
    }
  }
  return failed !== null ? failed : record(out);
}

const runs = [];
let first = null;
payload.mutants.forEach((src, i) => {
  const row = [];
  for (let k = 0; k < stdins.length; k++) {
    if (Date.now() > deadline) {
      row.push(-3);
      continue;
    }
    const result = runOnce(src, stdins[k]);
    row.push(result);
    if (i === 0 && k === 0) first = result;
    else if (k === 0 && result === first) break;
  }
  runs.push(row);
});

process.stdout.write(payload.nonce + JSON.stringify({ outputs, runs }) + "\n");
