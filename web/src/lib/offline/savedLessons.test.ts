import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LESSON_CACHE } from './cacheRules';
import { forgetSavedLessons, noteSignedInUser } from './savedLessons';

let deleted: string[];

beforeEach(() => {
  deleted = [];
  vi.stubGlobal('caches', {
    delete: vi.fn(async (name: string) => {
      deleted.push(name);
      return true;
    }),
  });
});

afterEach(() => vi.unstubAllGlobals());

describe('saved lessons belong to one user', () => {
  it('are kept while the same user comes back', async () => {
    await noteSignedInUser('u1');
    deleted = [];
    await noteSignedInUser('u1');
    expect(deleted).toEqual([]);
  });

  it('are deleted when another user signs in on this browser', async () => {
    await noteSignedInUser('u1');
    deleted = [];
    await noteSignedInUser('u2');
    expect(deleted).toEqual([LESSON_CACHE]);
  });

  it('are deleted when nobody is signed in any more (a session that ended without a logout)', async () => {
    await noteSignedInUser('u1');
    deleted = [];
    await noteSignedInUser(null);
    expect(deleted).toEqual([LESSON_CACHE]);
  });

  it('are deleted at logout, and only the lesson cache: the shell and Monaco hold nobody’s data', async () => {
    await forgetSavedLessons();
    expect(deleted).toEqual([LESSON_CACHE]);
  });

  it('are nothing to forget where the browser has no Cache Storage', async () => {
    vi.stubGlobal('caches', undefined);
    await expect(forgetSavedLessons()).resolves.toBeUndefined();
  });
});
