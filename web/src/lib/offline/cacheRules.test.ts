import { matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppNavigation, isBuildAsset, isCurriculumRequest, PRECACHE_IGNORES } from './cacheRules';

const origin = 'http://127.0.0.1:8080';
const at = (path: string, base = origin) => new URL(path, base);

describe('what the service worker keeps for offline reading', () => {
  it('keeps the GETs of tracks, lessons, exercise statements and the next item', () => {
    for (const path of [
      '/api/v1/tracks',
      '/api/v1/tracks/python',
      '/api/v1/content/python-hello-world',
      '/api/v1/content/0190f2c4-1b2a-7d3e-8f40-123456789abc',
      '/api/v1/content/python-hello-world/next',
    ])
      expect(isCurriculumRequest('GET', at(path), origin), path).toBe(true);
  });

  it('never keeps writes, even to curriculum paths', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(isCurriculumRequest(method, at('/api/v1/content/python-hello-world'), origin), method).toBe(false);
  });

  it('never keeps accounts, progress, drafts, attempts, bookmarks, runs, the tutor or search', () => {
    for (const path of [
      '/api/v1/me',
      '/api/v1/auth/refresh',
      '/api/v1/auth/sessions',
      '/api/v1/progress',
      '/api/v1/progress/stats',
      '/api/v1/drafts/python-ex-greeting',
      '/api/v1/bookmarks',
      '/api/v1/dashboard',
      '/api/v1/executions',
      '/api/v1/tutor/conversations',
      '/api/v1/exercises/python-ex-greeting/submissions',
      '/api/v1/content/python-ex-greeting/attempts',
      '/api/v1/content/python-hello-world/quiz',
      '/api/v1/content',
      '/api/v1/search',
      '/api/v1/users/ada',
      '/api/v1/projects/p1/files',
      '/api/v1/tracks/python/extra',
    ])
      expect(isCurriculumRequest('GET', at(path), origin), path).toBe(false);
  });

  it('keeps nothing from another origin or sent with a bearer token', () => {
    expect(isCurriculumRequest('GET', at('/api/v1/tracks', 'https://elsewhere.example'), origin)).toBe(false);
    expect(isCurriculumRequest('GET', at('/api/v1/tracks'), origin, true)).toBe(false);
  });

  it('keeps hashed build files of this origin only', () => {
    expect(isBuildAsset('GET', at('/assets/monaco-editor.api-DYwSOtkf.js'), origin)).toBe(true);
    expect(isBuildAsset('GET', at('/assets/x.js', 'https://cdn.example'), origin)).toBe(false);
    expect(isBuildAsset('POST', at('/assets/x.js'), origin)).toBe(false);
    expect(isBuildAsset('GET', at('/api/v1/me/avatar'), origin)).toBe(false);
  });

  it('answers client-side routes with the app shell, and leaves server pages to the server', () => {
    for (const path of ['/', '/learn', '/learn/python-hello-world', '/learn/tracks/python', '/u/ada', '/dashboard'])
      expect(isAppNavigation(path), path).toBe(true);
    for (const path of ['/api/docs/', '/api/v1/openapi.json', '/healthz', '/readyz', '/metrics', '/lti/launch'])
      expect(isAppNavigation(path), path).toBe(false);
  });

  it('leaves Monaco out of the precache and keeps the app shell in it', () => {
    const ignored = (file: string) => PRECACHE_IGNORES.some((g) => matchesGlob(file, g));
    for (const file of [
      'assets/monaco-editor.api-DYwSOtkf.js',
      'assets/monaco-CodeEditor-DjHQuN_7.css',
      'assets/monaco-codicon-DF1abBS2.ttf',
      'assets/ts.worker-CVbFdYz4.js',
      'assets/editor.worker-CX7Cj20z.js',
    ])
      expect(ignored(file), file).toBe(true);
    for (const file of ['index.html', 'assets/index-56QDZGED.js', 'assets/index-Cjg8g8pA.css', 'assets/ContentPage-DWqCl4To.js'])
      expect(ignored(file), file).toBe(false);
  });
});
