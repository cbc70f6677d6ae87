// Records what the real sandbox answers for each broken program in the error fixtures, so the
// marker parsers are also tested on the sandbox's own output (its paths, its compiler flags).
// Usage: start a server with a high run rate, then
//   CODESTEAD_EXEC_RATE_PER_MIN=100 codestead serve --addr 127.0.0.1:8080 --data-dir "$(mktemp -d)" &
//   CODESTEAD_URL=http://127.0.0.1:8080 node scripts/record-sandbox-fixtures.mjs
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = process.env.CODESTEAD_URL ?? 'http://127.0.0.1:8080';
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../src/features/playground/lib/__fixtures__');
const headers = { 'content-type': 'application/json', origin: base };
const account = { email: `fixtures-${Date.now()}@example.com`, password: 'correct-Horse-battery-staple-42' };

await fetch(`${base}/api/v1/auth/register`, {
  method: 'POST',
  headers,
  body: JSON.stringify({ ...account, firstName: 'Fixture', lastName: 'Recorder' }),
});
const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify(account) });
if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
const { accessToken } = await login.json();

const languageOf = (name) =>
  name.startsWith('py') ? 'python' : name.startsWith('js') ? 'javascript' : name.startsWith('java') ? 'java' : 'cpp';
mkdirSync(join(fixtures, 'sandbox'), { recursive: true });
for (const name of readdirSync(join(fixtures, 'programs')).sort()) {
  const [file] = readdirSync(join(fixtures, 'programs', name));
  const code = readFileSync(join(fixtures, 'programs', name, file), 'utf8');
  const res = await fetch(`${base}/api/v1/executions`, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ language: languageOf(name), code, stdin: '' }),
  });
  if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
  const { status, stdout, stderr, compileOutput, exitCode } = await res.json();
  writeFileSync(
    join(fixtures, 'sandbox', `${name}.json`),
    `${JSON.stringify({ language: languageOf(name), status, stdout, stderr, compileOutput, exitCode }, null, 2)}\n`,
  );
  console.log(`${name}: ${status}`);
}
