import { describe, expect, it } from 'vitest';
import { safeNext } from './navigation';

describe('safeNext', () => {
  it('keeps a same-site path with its query', () => {
    expect(safeNext('/settings?tab=sessions')).toBe('/settings?tab=sessions');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(safeNext(bad)).toBe('/dashboard');
    }
    expect(safeNext(null)).toBe('/dashboard');
  });

  it('does not send the user back to the login page', () => {
    expect(safeNext('/login?next=/x')).toBe('/dashboard');
  });
});
