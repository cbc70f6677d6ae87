// End-to-end run: starts the real `codestead` binary on a fresh data dir and a free loopback
// port, then runs every flow in `e2e/flows/` against it in Debian's Chromium, each in browser
// contexts and with learner accounts of its own, and prints one line per flow with its time,
// the budgets, and `e2e: N passed, M failed` (exit 1 on any failure).
//
// Usage: `npm run build && npm run e2e` (CODESTEAD_BIN to pick a binary).
//   node e2e/run.mjs --only auth-verify-email,learn-quiz   (or E2E_ONLY=…; a name is a file name
//                                                           without .mjs, or a prefix ending in -)
//   node e2e/run.mjs --jobs 2                               (or E2E_JOBS; flows at a time, except
//                                                           those exporting `alone = true`)
//   node e2e/run.mjs --list
// How to add a flow: web/e2e/README.md.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, BIN, CHROMIUM, Flow, launchBrowser, log, shot, startServer, webDir } from './fixtures.mjs';

/** A flow that has not finished in this time is failed (its contexts are closed under it). */
const FLOW_TIMEOUT_MS = 240_000;

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', default: process.env.E2E_ONLY ?? '' },
    jobs: { type: 'string', default: process.env.E2E_JOBS ?? '2' },
    list: { type: 'boolean', default: false },
  },
});

const flowsDir = join(webDir, 'e2e', 'flows');
const wanted = args.only
  .split(',')
  .map((s) => s.trim().replace(/\.mjs$/, ''))
  .filter(Boolean);
const selected = (name) => wanted.length === 0 || wanted.some((w) => name === w || (w.endsWith('-') && name.startsWith(w)));

async function loadFlows() {
  const files = readdirSync(flowsDir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const flows = [];
  for (const file of files) {
    const name = file.replace(/\.mjs$/, '');
    if (!selected(name)) continue;
    const mod = await import(pathToFileURL(join(flowsDir, file)).href);
    if (typeof mod.default !== 'function' || typeof mod.title !== 'string')
      throw new Error(`${file} must export \`title\` (a string) and a default async function`);
    flows.push({ name, title: mod.title, run: mod.default, alone: mod.alone === true });
  }
  const unknown = wanted.filter((w) => !w.endsWith('-') && !files.includes(`${w}.mjs`));
  if (unknown.length > 0) throw new Error(`no flow named ${unknown.join(', ')} in e2e/flows`);
  return flows;
}

function timeout(ms) {
  let timer;
  const promise = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`the flow did not finish within ${ms / 1000} s`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function runFlow(flow, browser, server) {
  const t = new Flow({ browser, server });
  const started = Date.now();
  let error = null;
  const limit = timeout(FLOW_TIMEOUT_MS);
  try {
    await Promise.race([flow.run(t), limit.promise]);
    t.checkClean();
  } catch (e) {
    error = e;
    if (t.currentPage && !t.currentPage.isClosed()) {
      log(`       ${flow.name}: at ${t.currentPage.url()}`);
      await shot(t.currentPage, `FAILED ${flow.name}`);
    }
  } finally {
    limit.cancel();
    await t.close();
  }
  const ms = Date.now() - started;
  if (error) {
    log(
      `  FAIL ${flow.name}: ${flow.title} (${ms} ms)\n       ${String(error?.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n       ')}`,
    );
  } else {
    log(`  ok   ${flow.name}: ${flow.title} (${ms} ms)`);
  }
  if (t.failedRequests.length > 0 && error) log(`       failed requests: ${t.failedRequests.slice(0, 10).join('; ')}`);
  return { name: flow.name, ok: !error, ms, budgets: t.budgets };
}

async function main() {
  const flows = await loadFlows();
  if (args.list) {
    for (const f of flows) log(`${f.name}: ${f.title}`);
    return [];
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!existsSync(join(webDir, 'dist', 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
  if (!existsSync(BIN)) throw new Error(`server binary not found at ${BIN} (set CODESTEAD_BIN)`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const jobs = Math.max(1, Number.parseInt(args.jobs, 10) || 1);

  log(`e2e: starting ${BIN}; ${flows.length} flow(s), ${jobs} at a time`);
  const server = await startServer({ name: 'server' });
  const browser = await launchBrowser();
  const results = [];
  try {
    // Flows that measure time (`export const alone = true`) run first, one at a time, with
    // nothing else loading the machine; then a queue drained by `jobs` workers: flows share
    // nothing but the server and the browser process.
    for (const flow of flows.filter((f) => f.alone)) results.push(await runFlow(flow, browser, server));
    const queue = flows.filter((f) => !f.alone);
    await Promise.all(
      Array.from({ length: Math.min(jobs, queue.length) }, async () => {
        while (queue.length > 0) results.push(await runFlow(queue.shift(), browser, server));
      }),
    );
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  return results;
}

const started = Date.now();
let results = [];
let fatal = null;
try {
  results = await main();
} catch (e) {
  fatal = e;
  log(`e2e: setup failed: ${e?.stack ?? e}`);
}
if (!args.list) {
  for (const r of results) for (const line of r.budgets) log(line);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (fatal ? 1 : 0);
  const failedNames = results.filter((r) => !r.ok).map((r) => r.name);
  log(`e2e: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failedNames.length > 0) log(`e2e: rerun the failures with --only ${failedNames.join(',')}`);
  process.exit(failed > 0 ? 1 : 0);
} else if (fatal) {
  process.exit(1);
}
