import { describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft } from './draft';

describe('playground drafts', () => {
  it('keeps one draft per language', () => {
    saveDraft('python', 'print(1)', new Date('2026-01-01T00:00:00Z'));
    saveDraft('cpp', 'int main(){}');
    expect(loadDraft('python')).toEqual({ code: 'print(1)', savedAt: '2026-01-01T00:00:00.000Z' });
    expect(loadDraft('cpp')?.code).toBe('int main(){}');
    expect(loadDraft('java')).toBeNull();
  });

  it('treats a corrupt entry as no draft', () => {
    localStorage.setItem('codestead.playground.draft.python', '{not json');
    expect(loadDraft('python')).toBeNull();
  });

  it('clears a draft', () => {
    saveDraft('python', 'x');
    clearDraft('python');
    expect(loadDraft('python')).toBeNull();
  });
});
