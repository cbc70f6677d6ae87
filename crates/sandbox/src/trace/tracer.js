// Codestead's JavaScript tracer, preloaded as `node -r /codestead/trace.js <flags> /box/ENTRY`
// inside the sandbox, after the vendored acorn and sourcemap-codec (the server concatenates the
// three into that one read-only file; `acorn` and `sourcemapCodec` are in scope here). Its
// settings come in CODESTEAD_TRACE ("FD MAX_STEPS VALUE_CHARS MAX_MS"), removed from the
// environment before the learner's code runs.
//
// The learner's files are traced by source instrumentation: when Node's CommonJS loader reads a
// learner file (under the entry's directory), the text it gets back has a call inserted before
// each statement that records the line, the function and the variables in scope, and `return`
// values wrapped so they are recorded too. Nothing is inserted on a line of its own, so every
// line keeps its number; an inline source map puts columns and error excerpts back to the
// learner's text. A file acorn cannot parse is handed to Node unchanged, so its syntax error is
// Node's own. Records go as JSON lines to the descriptor FD, never to stdout or stderr; the
// server re-checks and re-caps everything it reads, so nothing here is trusted for safety.
//
// Rules it keeps, as the Python tracer does: only the learner's files are instrumented; what
// the program prints is unchanged (output written while a value is formatted is dropped); when a
// cap is reached recording stops and the program runs on (the inserted calls then return at
// once); steps are flushed in batches so a program killed by the wall clock keeps its trace.
(function codesteadTrace() {
  'use strict';
  const fs = require('fs');
  const path = require('path');
  const util = require('util');

  const settings = (process.env.CODESTEAD_TRACE || '').split(' ').map(Number);
  delete process.env.CODESTEAD_TRACE;
  const [fd, maxSteps, cap, maxMs] = settings;
  if (!(fd >= 0) || !(maxSteps >= 0) || !(cap >= 8) || !(maxMs >= 0)) return;
  const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
  const root = path.dirname(entry) + '/';
  const deadline = performance.now() + maxMs;
  const MAX_BYTES = 2 * 1024 * 1024;
  const MAX_STDOUT = 64 * 1024;
  const MAX_LOCALS = 40;
  const HOOK = '__codestead$';

  const state = { steps: 0, bytes: 0, stdout: 0, stopped: false, truncated: false, quiet: false };
  let pending = '';
  let buf = [];
  let exitError = null;
  let last = null; // the last recorded step's site and locals reader
  const sites = []; // site id -> { line, fn, file, names }

  function emit(obj) {
    const line = JSON.stringify(obj) + '\n';
    state.bytes += Buffer.byteLength(line);
    buf.push(line);
  }

  function flush() {
    if (buf.length === 0) return;
    const data = Buffer.from(buf.join(''), 'utf8');
    buf = [];
    let done = 0;
    try {
      while (done < data.length) done += fs.writeSync(fd, data, done);
    } catch {
      // The channel is gone or full: the server sees a truncated trace.
    }
  }

  function stop(truncated) {
    if (state.stopped) return;
    state.stopped = true;
    state.truncated = state.truncated || truncated;
    if (truncated) emit({ truncated: true, steps: state.steps });
    flush();
  }

  // What the program prints, remembered for the next step. process.stdout is a pipe, written
  // synchronously on Linux, so the order is the program's.
  const stdout = process.stdout;
  const realWrite = stdout.write;
  stdout.write = function write(chunk, encoding, callback) {
    if (state.quiet) {
      if (typeof encoding === 'function') encoding();
      else if (typeof callback === 'function') callback();
      return true;
    }
    if (!state.stopped && state.stdout < MAX_STDOUT) {
      let text = '';
      if (typeof chunk === 'string') text = chunk;
      else if (chunk instanceof Uint8Array) text = Buffer.from(chunk).toString('utf8');
      text = text.slice(0, MAX_STDOUT - state.stdout);
      state.stdout += text.length;
      pending += text;
    }
    return Reflect.apply(realWrite, this, arguments);
  };

  function short(text) {
    return text.length <= cap ? text : text.slice(0, cap - 1) + '\u2026';
  }

  const inspectOptions = {
    depth: 2,
    maxArrayLength: 20,
    maxStringLength: cap,
    breakLength: Infinity,
    compact: true,
    colors: false,
    getters: false,
    showProxy: false,
  };

  // A value as the learner would see it printed by console.log in a REPL (strings quoted), or
  // undefined for what is not shown as a variable (functions and classes).
  function repr(v) {
    switch (typeof v) {
      case 'function':
        return undefined;
      case 'number':
        return Object.is(v, -0) ? '-0' : String(v);
      case 'boolean':
        return String(v);
      case 'undefined':
        return 'undefined';
      case 'bigint':
        return `${v}n`;
      default:
        if (v === null) return 'null';
    }
    if (v instanceof Error) return describe(v);
    state.quiet = true;
    try {
      return short(util.inspect(v, inspectOptions));
    } catch {
      return '<unrepresentable>';
    } finally {
      state.quiet = false;
    }
  }

  function describe(err) {
    try {
      if (err instanceof Error || (err && typeof err === 'object' && 'message' in err)) {
        const name = String(err.name || 'Error');
        const msg = String(err.message ?? '');
        return short(msg ? `${name}: ${msg}` : name);
      }
      return short(`Uncaught ${repr(err) ?? String(err)}`);
    } catch {
      return 'Uncaught exception';
    }
  }

  function readLocals(site, read) {
    const locals = {};
    const names = site.names;
    let n = 0;
    for (let k = 0; k < names.length && n < MAX_LOCALS; k++) {
      let v;
      try {
        v = read(k);
      } catch {
        continue; // not initialised yet (a let/const in its temporal dead zone)
      }
      const r = repr(v);
      if (r !== undefined) {
        locals[names[k]] = r;
        n++;
      }
    }
    return locals;
  }

  function record(site, read, event, extra) {
    if (state.steps >= maxSteps || state.bytes >= MAX_BYTES || performance.now() > deadline) {
      stop(true);
      return;
    }
    state.steps++;
    const step = { line: site.line, locals: readLocals(site, read), stdout: pending, event };
    pending = '';
    if (site.fn) step.function = site.fn;
    if (site.file) step.file = site.file;
    if (extra) Object.assign(step, extra);
    emit(step);
    if (buf.length >= 64) flush();
  }

  // The calls the instrumented code makes.
  const hook = {
    // Before a statement.
    s(id, read) {
      if (state.stopped) return;
      const site = sites[id];
      last = { site, read };
      record(site, read, 'line');
    },
    // A return (or the end of a function's body), with the value it returns.
    r(id, value, read) {
      if (state.stopped) return value;
      let extra;
      if (value !== undefined) {
        const shown = typeof value === 'function' ? short(util.inspect(value)) : repr(value);
        extra = { returnValue: shown };
      }
      record(sites[id], read, 'return', extra);
      return value;
    },
    // The start of a catch block: the exception is recorded where the last step was.
    x(err) {
      if (state.stopped || !last) return;
      record(last.site, last.read, 'exception', { exception: describe(err) });
    },
  };
  Object.defineProperty(globalThis, HOOK, { value: hook, enumerable: false, writable: false, configurable: false });

  process.on('uncaughtExceptionMonitor', (err) => {
    if (!state.stopped && last) record(last.site, last.read, 'exception', { exception: describe(err) });
    if (process.listenerCount('uncaughtException') === 0) exitError = err;
  });

  process.on('exit', () => {
    if (!state.stopped && pending && last) record(last.site, last.read, 'return');
    stop(false);
    const end = { end: true, truncated: state.truncated, steps: state.steps };
    if (exitError !== null) {
      end.exception = describe(exitError);
      const line = learnerLine(exitError);
      if (line) end.line = line;
    }
    emit(end);
    flush();
  });

  // The innermost frame in the entry file of an error's stack (the lines are the learner's:
  // instrumentation adds none).
  function learnerLine(err) {
    let stack = '';
    try {
      stack = String(err && err.stack);
    } catch {
      return last && !last.site.file ? last.site.line : undefined;
    }
    for (const m of stack.matchAll(/\(?(\/[^():\s]+):(\d+):\d+\)?$/gm)) {
      if (m[1] === entry) return Number(m[2]);
    }
    return last && !last.site.file ? last.site.line : undefined;
  }

  // ---- instrumentation ----

  const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
  const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

  function instrument(source, filename) {
    if (source.includes(HOOK)) return null;
    const tokens = [];
    let ast;
    try {
      ast = acorn.parse(source, {
        ecmaVersion: 'latest',
        sourceType: 'script',
        allowReturnOutsideFunction: true,
        allowHashBang: true,
        locations: true,
        onToken: tokens,
      });
    } catch {
      return null;
    }
    const file = filename === entry ? undefined : filename.slice(root.length);
    const inserts = [];
    let seq = 0;
    // Openings at one position go outermost first; closings innermost first, and before openings.
    const open = (pos, text) => inserts.push({ pos, text, kind: 1, seq: seq++ });
    const close = (pos, text) => inserts.push({ pos, text, kind: 0, seq: seq++ });

    // One function's scopes: a stack of blocks, each a list of names in declaration order.
    let fnCtx = null;
    const site = (line, names) => {
      sites.push({ line, fn: fnCtx.name, file, names });
      return sites.length - 1;
    };
    const visible = () => {
      const names = fnCtx.hasThis ? ['this'] : [];
      const seen = new Set(names);
      for (const block of fnCtx.blocks) {
        for (const n of block) {
          if (!seen.has(n)) {
            seen.add(n);
            names.push(n);
          }
        }
      }
      return names;
    };
    const reader = (names) => {
      if (names.length === 0) return '()=>{}';
      let body = '';
      names.forEach((n, k) => {
        body += `case ${k}:return ${n};`;
      });
      return `(${HOOK}k)=>{switch(${HOOK}k){${body}}}`;
    };
    const stepCall = (line) => {
      const names = visible();
      return `${HOOK}.s(${site(line, names)},${reader(names)})`;
    };
    const retCall = (line) => {
      const names = visible();
      return [`${HOOK}.r(${site(line, names)},`, `,${reader(names)})`];
    };
    const declare = (name, block) => {
      (block || fnCtx.blocks[fnCtx.blocks.length - 1]).push(name);
    };
    const patternNames = (p, out) => {
      if (!p) return out;
      switch (p.type) {
        case 'Identifier':
          out.push(p.name);
          break;
        case 'ObjectPattern':
          for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
          break;
        case 'ArrayPattern':
          for (const el of p.elements) patternNames(el, out);
          break;
        case 'RestElement':
          patternNames(p.argument, out);
          break;
        case 'AssignmentPattern':
          patternNames(p.left, out);
          break;
      }
      return out;
    };
    const isRequire = (init) =>
      init && init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require';

    function declareVars(decl) {
      // `var` belongs to the function, let/const to the block; a module bound by `require` is not
      // a variable worth showing.
      const block = decl.kind === 'var' ? fnCtx.blocks[0] : undefined;
      for (const d of decl.declarations) {
        if (isRequire(d.init)) continue;
        for (const n of patternNames(d.id, [])) declare(n, block);
      }
    }

    function fnName(node, parent, key) {
      if (node.id && node.id.name) return node.id.name;
      if (!parent) return '<anonymous>';
      if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
      if (parent.type === 'AssignmentExpression' && key === 'right') {
        return source.slice(parent.left.start, parent.left.end).slice(0, 80);
      }
      if ((parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) {
        return parent.key.name ?? String(parent.key.value);
      }
      return '<anonymous>';
    }

    function walkFunction(node, name, hasThis) {
      const outer = fnCtx;
      fnCtx = { name, blocks: [[]], hasThis };
      for (const p of node.params) {
        for (const n of patternNames(p, [])) declare(n);
        walk(p, node, 'params');
      }
      const body = node.body;
      if (body.type === 'BlockStatement') {
        statements(body.body, true);
        const lastStmt = body.body[body.body.length - 1];
        if (!lastStmt || (lastStmt.type !== 'ReturnStatement' && lastStmt.type !== 'ThrowStatement')) {
          const [a, b] = retCall(body.loc.end.line);
          open(body.end - 1, `;${a}void 0${b};`);
        }
      } else {
        // An expression body: a step, then its value returned.
        const names = visible();
        const id = site(body.loc.start.line, names);
        const [a, b] = retCall(body.loc.start.line);
        open(body.start, `(${HOOK}.s(${id},${reader(names)}),${a}(`);
        walk(body, node, 'body');
        close(body.end, `)${b})`);
      }
      fnCtx = outer;
    }

    // A statement list (a program, block, case or static block): a step before each statement.
    function statements(list, directives) {
      let prologue = directives;
      for (const s of list) {
        if (prologue && s.type === 'ExpressionStatement' && s.directive !== undefined) {
          continue; // "use strict" must stay first
        }
        prologue = false;
        statement(s, true);
      }
    }

    // A braceless body (`if (x) y();`, `for (…) z++`, `else if`) gets braces so a step fits.
    function body(s) {
      if (s.type === 'BlockStatement' || s.type === 'EmptyStatement' || s.type === 'FunctionDeclaration') {
        statement(s, false);
        return;
      }
      open(s.start, '{');
      fnCtx.blocks.push([]);
      statement(s, true);
      fnCtx.blocks.pop();
      close(s.end, '}');
    }

    function statement(s, step) {
      if (step && s.type !== 'FunctionDeclaration' && s.type !== 'EmptyStatement' && s.type !== 'BlockStatement') {
        open(s.start, `;${stepCall(s.loc.start.line)};`);
      }
      switch (s.type) {
        case 'BlockStatement':
          fnCtx.blocks.push([]);
          statements(s.body, false);
          fnCtx.blocks.pop();
          return;
        case 'VariableDeclaration':
          for (const d of s.declarations) walk(d, s, 'declarations');
          declareVars(s);
          return;
        case 'IfStatement':
          walk(s.test, s, 'test');
          body(s.consequent);
          if (s.alternate) body(s.alternate);
          return;
        case 'LabeledStatement':
          // The step goes before the label: between a label and its loop it would break
          // `continue label`.
          statement(s.body, false);
          return;
        case 'ReturnStatement': {
          const [a, b] = retCall(s.loc.start.line);
          if (s.argument) {
            open(s.start + 6, ` ${a}(`);
            walk(s.argument, s, 'argument');
            close(s.argument.end, `)${b}`);
          } else {
            open(s.start + 6, ` ${a}void 0${b}`);
          }
          return;
        }
        case 'ForStatement':
          fnCtx.blocks.push([]);
          if (s.init) {
            if (s.init.type === 'VariableDeclaration') {
              for (const d of s.init.declarations) walk(d, s.init, 'declarations');
              declareVars(s.init);
            } else walk(s.init, s, 'init');
          }
          if (s.test) loopTest(s.test);
          if (s.update) walk(s.update, s, 'update');
          body(s.body);
          fnCtx.blocks.pop();
          return;
        case 'ForInStatement':
        case 'ForOfStatement':
          walk(s.right, s, 'right');
          fnCtx.blocks.push([]);
          if (s.left.type === 'VariableDeclaration') declareVars(s.left);
          else walk(s.left, s, 'left');
          body(s.body);
          fnCtx.blocks.pop();
          return;
        case 'WhileStatement':
          loopTest(s.test);
          body(s.body);
          return;
        case 'DoWhileStatement':
          body(s.body);
          loopTest(s.test);
          return;
        case 'SwitchStatement':
          walk(s.discriminant, s, 'discriminant');
          fnCtx.blocks.push([]);
          for (const c of s.cases) {
            if (c.test) walk(c.test, c, 'test');
            statements(c.consequent, false);
          }
          fnCtx.blocks.pop();
          return;
        case 'TryStatement':
          statement(s.block, false);
          if (s.handler) {
            const h = s.handler;
            fnCtx.blocks.push([]);
            let param = '__codestead$e';
            if (h.param) {
              for (const n of patternNames(h.param, [])) declare(n);
              param = h.param.type === 'Identifier' ? h.param.name : null;
            } else {
              open(h.body.start, `(${param})`);
            }
            // A destructured catch parameter has no name for the error: record it unnamed.
            open(h.body.start + 1, `;${HOOK}.x(${param ?? 'void 0'});`);
            fnCtx.blocks.push([]);
            statements(h.body.body, false);
            fnCtx.blocks.pop();
            fnCtx.blocks.pop();
          }
          if (s.finalizer) statement(s.finalizer, false);
          return;
        case 'ClassDeclaration':
          walk(s, null, null);
          return;
        case 'WithStatement':
          walk(s.object, s, 'object');
          body(s.body);
          return;
        default:
          walk(s, null, null);
      }
    }

    function loopTest(test) {
      const names = visible();
      open(test.start, `(${HOOK}.s(${site(test.loc.start.line, names)},${reader(names)}),`);
      walk(test, null, null);
      close(test.end, ')');
    }

    // Expressions and everything else: find the functions and classes inside.
    function walk(node, parent, key) {
      if (!node || typeof node.type !== 'string') return;
      if (FUNCTION_TYPES.has(node.type)) {
        const isMethod = parent && (parent.type === 'MethodDefinition' || (parent.type === 'Property' && (parent.method || parent.kind !== 'init')));
        let name = fnName(node, parent, key);
        if (node.__methodName) name = node.__methodName;
        walkFunction(node, name, node.type !== 'ArrowFunctionExpression' && (isMethod || Boolean(node.__methodName)));
        return;
      }
      if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
        const cname = node.id ? node.id.name : parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : '<anonymous>';
        if (node.superClass) walk(node.superClass, node, 'superClass');
        for (const m of node.body.body) {
          const mname = m.key && !m.computed ? m.key.name ?? String(m.key.value) : '<computed>';
          if (m.computed) walk(m.key, m, 'key');
          if (m.type === 'MethodDefinition') {
            m.value.__methodName = `${cname}.${mname}`;
            walk(m.value, m, 'value');
          } else if (m.type === 'StaticBlock') {
            const outer = fnCtx;
            fnCtx = { name: `${cname}.<static>`, blocks: [[]], hasThis: true };
            statements(m.body, false);
            fnCtx = outer;
          } else if (m.value) {
            if (FUNCTION_TYPES.has(m.value.type)) m.value.__methodName = `${cname}.${mname}`;
            const outer = fnCtx;
            fnCtx = { name: `${cname}.${mname}`, blocks: [[]], hasThis: true };
            walk(m.value, m, 'value');
            fnCtx = outer;
          }
        }
        return;
      }
      for (const k of Object.keys(node)) {
        if (k === 'loc' || k === '__methodName') continue;
        const v = node[k];
        if (Array.isArray(v)) {
          for (const c of v) if (c && typeof c.type === 'string') walk(c, node, k);
        } else if (v && typeof v.type === 'string') walk(v, node, k);
      }
    }

    fnCtx = { name: undefined, blocks: [[]], hasThis: false };
    statements(ast.body, true);
    // The module's own return step, after its last statement, carries what it printed last.
    const lastStmt = ast.body[ast.body.length - 1];
    if (lastStmt) {
      const [a, b] = retCall(lastStmt.loc.end.line);
      open(lastStmt.end, `;${a}void 0${b};`);
    }
    return apply(source, filename, inserts, tokens);
  }

  // Applies the insertions and builds an inline source map that sends every token of the
  // learner's code (and every inserted piece) back to its own line and column.
  function apply(source, filename, inserts, tokens) {
    inserts.sort((a, b) => a.pos - b.pos || a.kind - b.kind || (a.kind === 0 ? b.seq - a.seq : a.seq - b.seq));
    const lineStarts = [0];
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 10) lineStarts.push(i + 1);
      else if (c === 13 && source.charCodeAt(i + 1) !== 10) lineStarts.push(i + 1);
    }
    const lineOf = (pos) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const mappings = lineStarts.map(() => []);
    const shift = lineStarts.map(() => 0); // characters inserted so far on each line
    let out = '';
    let at = 0;
    let ti = 0;
    const mapTokensUpTo = (pos) => {
      while (ti < tokens.length && tokens[ti].start < pos) {
        const t = tokens[ti++];
        const l = lineOf(t.start);
        const col = t.start - lineStarts[l];
        mappings[l].push([col + shift[l], 0, l, col]);
      }
    };
    for (const ins of inserts) {
      mapTokensUpTo(ins.pos);
      out += source.slice(at, ins.pos);
      at = ins.pos;
      const l = lineOf(ins.pos);
      const col = ins.pos - lineStarts[l];
      mappings[l].push([col + shift[l], 0, l, col]);
      out += ins.text;
      shift[l] += ins.text.length;
    }
    mapTokensUpTo(Infinity);
    out += source.slice(at);
    for (let l = 0; l < mappings.length; l++) {
      const segs = mappings[l];
      if (segs.length === 0 || segs[0][0] !== 0) segs.unshift([0, 0, l, 0]);
      segs.sort((a, b) => a[0] - b[0]);
    }
    const map = {
      version: 3,
      sources: [filename],
      sourcesContent: [source],
      names: [],
      mappings: sourcemapCodec.encode(mappings),
    };
    return `${out}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
  }

  // Node's CommonJS loader reads a module's text with fs.readFileSync(filename, 'utf8') and
  // compiles what it gets: the learner's files get the instrumented text. Hooking the read (not
  // the loader's functions) leaves every stack frame of the loader Node's own. A learner's own
  // read of a file gets the file as it is.
  const realReadFileSync = fs.readFileSync;
  fs.readFileSync = function readFileSync(file, options) {
    if (
      typeof file === 'string' &&
      options === 'utf8' &&
      file.startsWith(root) &&
      (file.endsWith('.js') || file.endsWith('.cjs')) &&
      !file.includes('/node_modules/') &&
      calledByLoader()
    ) {
      const source = Reflect.apply(realReadFileSync, this, arguments);
      if (state.stopped) return source;
      let out = null;
      try {
        out = instrument(source, file);
      } catch {
        out = null;
      }
      return out ?? source;
    }
    return Reflect.apply(realReadFileSync, this, arguments);
  };

  function calledByLoader() {
    const holder = {};
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    Error.stackTraceLimit = 2;
    Error.prepareStackTrace = (_, frames) => frames;
    try {
      Error.captureStackTrace(holder, fs.readFileSync);
      const frames = holder.stack;
      const name = Array.isArray(frames) && frames[0] ? String(frames[0].getFileName() || '') : '';
      return name.startsWith('node:internal/modules/');
    } finally {
      Error.stackTraceLimit = limit;
      Error.prepareStackTrace = prepare;
    }
  }

  process.setSourceMapsEnabled(true);
})();
