//! Builds a folder tree from the flat list of file paths a project stores (folders exist only as
//! prefixes of file paths), and the path checks the UI makes before asking the server.

export interface TreeFile {
  kind: 'file';
  name: string;
  path: string;
  id: string;
}

export interface TreeFolder {
  kind: 'folder';
  name: string;
  path: string;
  children: TreeEntry[];
}

export type TreeEntry = TreeFile | TreeFolder;

/** Folders first, then files, each alphabetically (case-insensitive). */
function sortEntries(entries: TreeEntry[]): TreeEntry[] {
  entries.sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) : a.kind === 'folder' ? -1 : 1,
  );
  for (const e of entries) if (e.kind === 'folder') sortEntries(e.children);
  return entries;
}

export function buildTree(files: readonly { id: string; path: string }[]): TreeEntry[] {
  const root: TreeEntry[] = [];
  const folders = new Map<string, TreeFolder>();
  for (const f of files) {
    const parts = f.path.split('/').filter(Boolean);
    let level = root;
    let prefix = '';
    for (const [i, part] of parts.entries()) {
      prefix = prefix ? `${prefix}/${part}` : part;
      if (i === parts.length - 1) {
        level.push({ kind: 'file', name: part, path: f.path, id: f.id });
      } else {
        let folder = folders.get(prefix);
        if (!folder) {
          folder = { kind: 'folder', name: part, path: prefix, children: [] };
          folders.set(prefix, folder);
          level.push(folder);
        }
        level = folder.children;
      }
    }
  }
  return sortEntries(root);
}

/** The folder a path lives in (`''` at the top). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/**
 * Normalises what a user typed as a path and explains what is wrong with it, mirroring the server's
 * rules (the server decides; this only saves a round trip for the obvious mistakes).
 */
export function checkPath(raw: string, taken: readonly string[], except?: string): { path: string; error?: string } {
  const path = raw.trim().replace(/^\.\/+/, '');
  if (!path) return { path, error: 'Enter a file name.' };
  if (path.startsWith('/')) return { path, error: 'Use a path inside the project (no leading /).' };
  if (path.includes('\\')) return { path, error: 'Use / to separate folders.' };
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return { path, error: 'Folders cannot be empty, "." or "..".' };
  if (path.length > 255) return { path, error: 'The path is longer than 255 characters.' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return { path, error: 'The path contains a control character.' };
  if (path !== except && taken.includes(path)) return { path, error: `${path} already exists.` };
  return { path };
}

const LANGUAGE_BY_EXT: Record<string, string> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  java: 'java',
  cpp: 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  h: 'cpp',
  c: 'c',
  md: 'markdown',
  json: 'json',
  html: 'html',
  css: 'css',
  txt: 'plaintext',
  yml: 'yaml',
  yaml: 'yaml',
  sh: 'shell',
  xml: 'xml',
};

/** Monaco's language id for a file, by extension. */
export function languageOf(path: string): string {
  const ext = basename(path).split('.').pop()?.toLowerCase() ?? '';
  return LANGUAGE_BY_EXT[ext] ?? 'plaintext';
}

const RUNNABLE = new Set(['python', 'javascript', 'java', 'cpp']);

/** Files that can be a run's entry point: source files of a language the sandbox runs. */
export function entryCandidates(paths: readonly string[]): string[] {
  return paths.filter((p) => RUNNABLE.has(languageOf(p)) && !/\.(h|hpp)$/i.test(p));
}

const LANGUAGE_NAMES: Record<string, string> = { python: 'Python', javascript: 'JavaScript', java: 'Java', cpp: 'C++' };

export function languageName(id: string | null | undefined): string {
  if (!id) return 'Mixed';
  return LANGUAGE_NAMES[id] ?? id;
}
