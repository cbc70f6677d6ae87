// ---- offline flows ----
// Issue 19 item 9: the service worker. The lesson flow starts in a fresh browser context, so
// the worker installs during the flow itself; it registers its own learner.
import { gzipSync } from 'node:zlib';
import { assert } from '../fixtures.mjs';

export const title = 'the service worker precaches the app shell, never Monaco, and is served as uncached JavaScript';

export default async function flow(t) {
  const res = await fetch(`${t.base}/sw.js`);
  assert(res.ok, `GET /sw.js → ${res.status}`);
  assert(/^text\/javascript/.test(res.headers.get('content-type') ?? ''), `sw.js is served as ${res.headers.get('content-type')}`);
  assert(res.headers.get('cache-control') === 'no-cache', `sw.js has Cache-Control ${res.headers.get('cache-control')}`);
  const urls = [...(await res.text()).matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
  assert(urls.includes('index.html'), `index.html is not precached (precache: ${urls.slice(0, 5).join(', ')}…)`);
  const html = await (await fetch(`${t.base}/login`)).text();
  const entry = html.match(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/)?.[1];
  assert(entry && urls.includes(entry), `the entry script ${entry} is not precached`);
  const monaco = urls.filter((u) => /monaco-|\.worker-/.test(u));
  assert(monaco.length === 0, `Monaco is precached: ${monaco.join(', ')}`);
  let raw = 0;
  let gz = 0;
  for (const u of urls) {
    const buf = Buffer.from(await (await fetch(new URL(u, t.base))).arrayBuffer());
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  t.budget(
    `offline: the service worker precaches ${urls.length} files, ${(gz / 1024).toFixed(0)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw), in the background after the first page has loaded`,
  );
}
