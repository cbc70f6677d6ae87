// The shared fixture of the end-to-end flows: servers, browsers, one `Flow` per flow (its own
// browser contexts and learner accounts, closed after it), and the page helpers several flows
// use. A flow file (`flows/*.mjs`) imports from here; `run.mjs` builds one `Flow` per flow.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(webDir, '..');
export const BIN = resolve(webDir, process.env.CODESTEAD_BIN ?? '../target/debug/codestead');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(webDir, '../artifacts/e2e');
export const BUDGET_JS_KB = 250;
export const BUDGET_FCP_MS = 1000;
export const STEP_TIMEOUT_MS = 20_000;
/** Every learner a flow makes has this password unless the flow picks another. */
export const PASSWORD = 'correct-Horse-battery-staple-42';
export const DESKTOP = { width: 1280, height: 860 };

export function log(msg) {
  process.stdout.write(`${msg}\n`);
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export async function shot(page, name) {
  try {
    await page.screenshot({ path: join(ARTIFACTS, `${slug(name)}.png`), fullPage: true });
  } catch {
    // a screenshot is evidence, not a test: never fail because of one
  }
}

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export async function waitReady(base, proc, logName = 'server.log') {
  // Bounded: 240 polls of 250 ms = 60 s, and stop early if the server died.
  for (let i = 0; i < 240; i++) {
    if (proc.exitCode !== null)
      throw new Error(`server exited with code ${proc.exitCode} before it was ready (see artifacts/e2e/${logName})`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become ready within 60 s');
}

/**
 * Starts `codestead serve` on a fresh data dir and a free loopback port and waits until it is
 * ready. `env` adds to the environment (e.g. `CODESTEAD_CONTENT_DIR`); the log goes to
 * `artifacts/e2e/<name>.log`. Returns `{ base, dataDir, proc, stop() }`.
 */
export async function startServer({ name = 'server', env = {} } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), `codestead-e2e-${name}-`));
  const logFile = `${name}.log`;
  const out = createWriteStream(join(ARTIFACTS, logFile));
  const proc = spawn(BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir], {
    cwd: repoRoot,
    // The public URL goes into the e-mailed links, which the tests follow.
    env: {
      ...process.env,
      RUST_LOG: process.env.RUST_LOG ?? 'info',
      CODESTEAD_PUBLIC_URL: base,
      CODESTEAD_TEACHER_SELF_SERVICE: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(base, proc, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, dataDir, proc, stop };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Gzipped size of the JavaScript the first page loads before anything else (entry script and
 * modulepreloads), fetched from the running server so it measures what is really served
 * (a release binary serves the web/dist it embedded when it was compiled).
 */
export async function initialJsBytes(base) {
  const html = await (await fetch(`${base}/login`)).text();
  const srcs = new Set();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) srcs.add(m[1]);
  let raw = 0;
  let gz = 0;
  for (const src of srcs) {
    const res = await fetch(new URL(src, base));
    if (!res.ok) throw new Error(`GET ${src} → ${res.status}`);
    const buf = Buffer.from(await res.arrayBuffer());
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  return { files: [...srcs], raw, gz };
}

/** The newest link to `path` in an e-mail to `to` from the server's outbox (quoted-printable .eml files). */
export async function mailedLink(dataDir, to, path) {
  for (let i = 0; i < 40; i++) {
    const dir = join(dataDir, 'outbox');
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.eml'))
          .sort()
          .reverse()
      : [];
    for (const f of files) {
      const raw = readFileSync(join(dir, f), 'utf8');
      if (!new RegExp(`^To: .*${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'mi').test(raw)) continue;
      const body = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      const m = body.match(new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_\\-]+`));
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail to ${to} with a ${path} link in ${dataDir}/outbox`);
}

/** The API as the page's signed-in person (its cookies, same origin): `{ status, body }`. */
export const apiAs = (page, path, init = {}) =>
  page.evaluate(
    async ([path, init]) => {
      const r = await fetch(`/api/v1${path}`, {
        credentials: 'same-origin',
        method: init.method ?? 'GET',
        headers: init.body ? { 'content-type': 'application/json' } : {},
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    [path, init],
  );

/**
 * Serious and critical axe-core findings on the current page, or inside the first element
 * matching `within` (axe is injected from node_modules).
 */
export async function axeViolations(page, within = null) {
  await page.addScriptTag({ path: join(webDir, 'node_modules/axe-core/axe.min.js') });
  const found = await page.evaluate(async (within) => {
    // Colours mid-transition (a theme toggle, a hover) are neither theme's: axe would judge an
    // in-between shade. Every running transition and finite animation is let finish first
    // (a spinner's infinite one never would).
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    const r = await window.axe.run(within ? document.querySelector(within) : document);
    // A run that checked nothing would pass anything: make that a finding of its own.
    if (r.passes.length === 0) return ['axe checked no rule'];
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.nodes.length}): ${v.nodes
            .slice(0, 2)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  }, within);
  return found;
}

/**
 * Runs `fn` with the page's Content-Security-Policy lifted: axe is injected as a script, which
 * the server's CSP rightly forbids. The bypass takes effect from the page's next load.
 */
export async function withCspBypassed(ctx, page, fn) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  try {
    return await fn();
  } finally {
    await cdp.send('Page.setBypassCSP', { enabled: false }).catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

/** The playground and the project editor run over the interactive WebSocket: each socket is a run. */
export const isInteractive = (ws) => ws.url().endsWith('/api/v1/executions/interactive');

/** The text Monaco shows (non-breaking spaces as spaces). */
export const editorText = (page) =>
  page.evaluate(() => document.querySelector('.monaco-editor .view-lines').innerText.replace(/\u00a0/g, ' '));

/** Replaces the editor's text by typing `code`, line by line. */
export async function typeIntoEditor(page, code) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Line by line with Home after each Enter: Monaco's auto-indent must not shift the code.
  const lines = code.replace(/\n$/, '').split('\n');
  for (const [i, line] of lines.entries()) {
    if (i > 0) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Delete');
    }
    await page.keyboard.insertText(line);
  }
}

/** A JSON call to the API from Node, as `token`'s learner (or anonymously). */
export async function apiCall(base, token, method, path, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a CSV, say): the text itself
  }
  return { status: res.status, body: parsed };
}

let unique = 0;
/** A string no other learner of this run has (flows may run at the same time). */
export function uniqueStamp() {
  unique += 1;
  return `${Date.now()}-${process.pid}-${unique}`;
}

/**
 * One flow's world: the shared server, browser contexts of its own (closed afterwards), learner
 * accounts of its own, extra servers it starts (stopped afterwards). Every context is watched:
 * a request off the server, an uncaught page error or a CSP refusal fails the flow when it ends.
 */
export class Flow {
  constructor({ browser, server }) {
    this.browser = browser;
    this.server = server;
    this.base = server.base;
    this.dataDir = server.dataDir;
    this.contexts = [];
    this.servers = [];
    this.budgets = [];
    this.offSite = [];
    this.pageErrors = [];
    this.failedRequests = [];
    /** The page screenshotted if the flow fails: the newest page unless the flow says otherwise. */
    this.currentPage = null;
  }

  /** A budget line printed at the end of the run. */
  budget(line) {
    this.budgets.push(line);
  }

  /**
   * A fresh browser context (no cookies, no storage, cold cache) on `baseURL` (default the shared
   * server). The app's service worker is blocked unless `serviceWorkers: 'allow'`: in every fresh
   * context it would precache the whole shell (58 files) in the background, which the old
   * one-context suite paid once and a flow not about offline reading has no use for.
   */
  async newContext({ baseURL = this.base, viewport = DESKTOP, serviceWorkers = 'block', ...options } = {}) {
    const ctx = await this.browser.newContext({ baseURL, viewport, serviceWorkers, ...options });
    ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
    const origin = new URL(baseURL).origin;
    ctx.on('request', (req) => {
      const url = req.url();
      if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(url)) return;
      if (new URL(url).origin !== origin) this.offSite.push(url);
    });
    ctx.on('requestfailed', (req) => this.failedRequests.push(`${req.method()} ${req.url()} ${req.failure()?.errorText}`));
    ctx.on('page', (p) => {
      this.currentPage = p;
      p.on('pageerror', (e) => this.pageErrors.push(String(e)));
      // A Content-Security-Policy that blocks the app's own assets (Monaco's styles, workers) shows up here.
      p.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) this.pageErrors.push(m.text());
      });
    });
    this.contexts.push(ctx);
    return ctx;
  }

  /** A fresh context and its page: `{ ctx, page }`. */
  async newPage(options) {
    const ctx = await this.newContext(options);
    const page = await ctx.newPage();
    return { ctx, page };
  }

  /**
   * Registers a learner of this flow through the API and, given `ctx`, signs them in there (the
   * cookies go into the context). Returns `{ email, password, firstName, lastName, token }`.
   */
  async learner({ ctx = null, firstName = 'Ada', lastName = 'Lovelace', email, password = PASSWORD, base } = {}) {
    const server = base ?? (ctx ? null : this.base);
    const who = { email: email ?? `e2e-${firstName.toLowerCase()}-${uniqueStamp()}@example.com`, password, firstName, lastName };
    const post = (path, data) =>
      ctx
        ? ctx.request.post(`/api/v1/auth/${path}`, { data }).then(async (r) => ({ status: r.status(), text: await r.text() }))
        : fetch(`${server}/api/v1/auth/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(data),
          }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const reg = await post('register', who);
    assert(reg.status === 201, `register ${who.email} answered ${reg.status}: ${reg.text}`);
    const login = await post('login', { email: who.email, password });
    assert(login.status === 200, `login ${who.email} answered ${login.status}: ${login.text}`);
    who.token = JSON.parse(login.text).accessToken;
    return who;
  }

  /**
   * The common start of a flow: a fresh context and page with a new learner signed in, and the
   * page helpers bound to them. `signedIn: false` registers the learner but leaves the browser
   * signed out; `serviceWorkers: 'allow'` lets the app's service worker run.
   */
  async learnerPage({ signedIn = true, viewport, serviceWorkers, ...who } = {}) {
    const { ctx, page } = await this.newPage({ viewport, serviceWorkers });
    const learner = await this.learner({ ...who, ctx: signedIn ? ctx : null });
    return new LearnerSession(this, ctx, page, learner);
  }

  /** A JSON call to the shared server's API as `token`'s learner. */
  api(token, method, path, body) {
    return apiCall(this.base, token, method, path, body);
  }

  /** A server of this flow's own (stopped when the flow ends), for flows that change server-wide state. */
  async ownServer(options) {
    const s = await startServer(options);
    this.servers.push(s);
    return s;
  }

  /** After the flow: the watch-list must be empty. */
  checkClean() {
    assert(this.offSite.length === 0, `requests left the server: ${[...new Set(this.offSite)].join(', ')}`);
    assert(this.pageErrors.length === 0, `page errors or CSP violations: ${[...new Set(this.pageErrors)].slice(0, 5).join(' | ')}`);
  }

  async close() {
    for (const ctx of this.contexts) await ctx.close().catch(() => {});
    for (const s of this.servers) await s.stop().catch(() => {});
  }
}

/** A learner signed in on a page of their own, with the helpers that need both. */
export class LearnerSession {
  constructor(flow, ctx, page, who) {
    this.flow = flow;
    this.ctx = ctx;
    this.context = ctx;
    this.page = page;
    this.who = who;
    // Flows destructure these: bind them once.
    this.ensureLoggedIn = this.ensureLoggedIn.bind(this);
    this.ensureLoggedInAndSettled = this.ensureLoggedInAndSettled.bind(this);
    this.openPlayground = this.openPlayground.bind(this);
  }

  get email() {
    return this.who.email;
  }

  get password() {
    return this.who.password;
  }

  /** Signs in through the form unless the browser is signed in already; ends on the dashboard. */
  async ensureLoggedIn() {
    const { page } = this;
    await page.goto('/login');
    await page.waitForFunction(() => location.pathname !== '/login' || document.querySelector('h1')?.textContent === 'Log in');
    if (new URL(page.url()).pathname !== '/login') return;
    await page.getByLabel('E-mail').fill(this.who.email);
    await page.getByLabel('Password').fill(this.who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    // The dashboard is the signed-in home.
    await page.waitForURL('**/dashboard');
  }

  /** As `ensureLoggedIn`, with the dashboard's requests no longer in flight. */
  async ensureLoggedInAndSettled() {
    await this.ensureLoggedIn();
    await this.page.waitForLoadState('networkidle');
  }

  /** The playground with its editor ready. */
  async openPlayground() {
    const { page } = this;
    if (new URL(page.url()).pathname !== '/playground') {
      await this.ensureLoggedIn();
      await page.goto('/playground');
    }
    await page.locator('.monaco-editor .view-lines').waitFor();
  }
}
