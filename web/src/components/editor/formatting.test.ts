import { describe, expect, it } from 'vitest';
import { canFormat } from './formatting';

describe('the Format rule', () => {
  it('offers formatting only for JavaScript, whose formatter runs in the browser', () => {
    expect(canFormat('javascript')).toBe(true);
    for (const language of ['python', 'java', 'cpp', 'typescript', '']) expect(canFormat(language)).toBe(false);
  });
});
