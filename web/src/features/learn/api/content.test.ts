import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, stubApi } from '../components/testing';
import { summary } from '../components/fixtures';
import { getNext } from './content';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the next item', () => {
  it('is the item the server names', async () => {
    stubApi({ 'GET /content/py-hello/next': () => json(summary({ slug: 'py-greet', title: 'Greet the user' })) });
    expect((await getNext('py-hello'))?.slug).toBe('py-greet');
  });

  it('is null at the end of the track, where the server answers 404', async () => {
    stubApi({ 'GET /content/py-last/next': () => json({ title: 'Not Found', status: 404, detail: 'End of the track.' }, 404) });
    expect(await getNext('py-last')).toBeNull();
  });

  it('still fails on other errors', async () => {
    stubApi({ 'GET /content/py-x/next': () => json({ title: 'Server Error', status: 500, detail: 'Boom.' }, 500) });
    await expect(getNext('py-x')).rejects.toThrow('Boom.');
  });
});
