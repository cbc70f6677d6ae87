import { describe, expect, it } from 'vitest';
import { buildTree, checkPath, entryCandidates, languageOf } from './fileTree';

describe('buildTree', () => {
  it('nests files under the folders their paths name, folders first', () => {
    const tree = buildTree([
      { id: '3', path: 'src/util/math.py' },
      { id: '1', path: 'main.py' },
      { id: '2', path: 'src/app.py' },
      { id: '4', path: 'README.md' },
    ]);
    expect(tree.map((e) => `${e.kind}:${e.name}`)).toEqual(['folder:src', 'file:main.py', 'file:README.md']);
    const src = tree[0];
    if (src?.kind !== 'folder') throw new Error('src is not a folder');
    expect(src.children.map((e) => `${e.kind}:${e.path}`)).toEqual(['folder:src/util', 'file:src/app.py']);
  });
});

describe('checkPath', () => {
  it('refuses traversal, absolute paths, backslashes and names already taken', () => {
    expect(checkPath('../x.py', []).error).toMatch(/"\.\."/);
    expect(checkPath('/etc/passwd', []).error).toMatch(/leading/);
    expect(checkPath('a\\b.py', []).error).toMatch(/\//);
    expect(checkPath('a//b.py', []).error).toBeDefined();
    expect(checkPath('main.py', ['main.py']).error).toMatch(/already exists/);
  });

  it('accepts a new nested path and the unchanged path of the file being renamed', () => {
    expect(checkPath(' ./src/new.py ', ['main.py'])).toEqual({ path: 'src/new.py' });
    expect(checkPath('main.py', ['main.py'], 'main.py').error).toBeUndefined();
  });
});

describe('languages', () => {
  it('maps extensions to Monaco languages and offers only runnable sources as entries', () => {
    expect(languageOf('src/Main.java')).toBe('java');
    expect(languageOf('notes.unknown')).toBe('plaintext');
    expect(entryCandidates(['README.md', 'main.py', 'lib.hpp', 'main.cpp'])).toEqual(['main.py', 'main.cpp']);
  });
});
