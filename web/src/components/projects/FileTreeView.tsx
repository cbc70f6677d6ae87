//! A project's files as a folder tree. Read-only (shared view, showcase) or with actions (editor):
//! a context menu on right-click, the context-menu key or Shift+F10 offers new file, rename/move
//! and delete; the same actions sit behind each row's "…" button for pointer-only users.

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { buildTree, type TreeEntry } from './fileTree';

export interface FileTreeActions {
  onNewFile(folder: string): void;
  onRename(file: { id: string; path: string }): void;
  onDelete(file: { id: string; path: string }): void;
}

interface Menu {
  x: number;
  y: number;
  entry: TreeEntry;
}

export function FileTreeView({
  files,
  selectedPath,
  onOpen,
  actions,
  dirtyPaths,
  label = 'Files',
}: {
  files: readonly { id: string; path: string }[];
  selectedPath?: string | null;
  onOpen(file: { id: string; path: string }): void;
  actions?: FileTreeActions;
  dirtyPaths?: ReadonlySet<string>;
  label?: string;
}) {
  const tree = useMemo(() => buildTree(files), [files]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [menu, setMenu] = useState<Menu | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: globalThis.MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenu(null);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menu]);

  const toggle = (path: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const openMenu = (entry: TreeEntry, x: number, y: number) => {
    if (actions) setMenu({ entry, x, y });
  };
  const onContext = (entry: TreeEntry) => (e: MouseEvent) => {
    if (!actions) return;
    e.preventDefault();
    openMenu(entry, e.clientX, e.clientY);
  };
  const onKey = (entry: TreeEntry) => (e: KeyboardEvent<HTMLElement>) => {
    if (actions && (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'))) {
      e.preventDefault();
      const r = e.currentTarget.getBoundingClientRect();
      openMenu(entry, r.left + 16, r.bottom);
    }
  };

  const run = (fn: () => void) => {
    setMenu(null);
    fn();
  };

  const render = (entries: TreeEntry[], depth: number) => (
    // Plain nested lists of buttons: every row is reachable with Tab, which a half-built ARIA tree would not promise.
    <ul aria-label={depth === 0 ? label : undefined} className="text-sm">
      {entries.map((e) => {
        const pad = { paddingLeft: `${0.5 + depth * 0.9}rem` };
        if (e.kind === 'folder') {
          const open = !collapsed.has(e.path);
          return (
            <li key={`d:${e.path}`}>
              <button
                type="button"
                aria-expanded={open}
                style={pad}
                onClick={() => toggle(e.path)}
                onContextMenu={onContext(e)}
                onKeyDown={onKey(e)}
                className="flex w-full items-center gap-1 rounded py-1 pr-2 text-left font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                <span aria-hidden="true" className="w-3 text-xs">
                  {open ? '▾' : '▸'}
                </span>
                {e.name}/
              </button>
              {open && render(e.children, depth + 1)}
            </li>
          );
        }
        const selected = e.path === selectedPath;
        const dirty = dirtyPaths?.has(e.path);
        return (
          <li key={`f:${e.id}`} className="group flex items-center" data-testid="tree-file" data-path={e.path}>
            <button
              type="button"
              style={pad}
              onClick={() => onOpen(e)}
              onContextMenu={onContext(e)}
              onKeyDown={onKey(e)}
              aria-current={selected ? 'true' : undefined}
              className={`flex min-w-0 flex-1 items-center gap-1 rounded py-1 pr-2 text-left ${
                selected
                  ? 'bg-indigo-50 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100'
                  : 'hover:bg-slate-100 dark:hover:bg-slate-800'
              }`}
            >
              <span aria-hidden="true" className="w-3" />
              <span className="truncate">{e.name}</span>
              {dirty && (
                <span className="ml-1 text-amber-700 dark:text-amber-300" title="Unsaved changes">
                  <span aria-hidden="true">●</span>
                  <span className="sr-only">(unsaved)</span>
                </span>
              )}
            </button>
            {actions && (
              <button
                type="button"
                aria-label={`Actions for ${e.path}`}
                aria-haspopup="menu"
                onClick={(ev) => {
                  const r = ev.currentTarget.getBoundingClientRect();
                  openMenu(e, r.left, r.bottom);
                }}
                className="rounded px-1.5 text-slate-600 opacity-60 group-hover:opacity-100 hover:bg-slate-100 focus:opacity-100 dark:text-slate-300 dark:hover:bg-slate-800"
              >
                …
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );

  const menuFolder = menu ? (menu.entry.kind === 'folder' ? menu.entry.path : menu.entry.path.split('/').slice(0, -1).join('/')) : '';

  return (
    <div className="relative">
      {tree.length === 0 ? <p className="px-2 py-1 text-sm text-slate-600 dark:text-slate-400">No files yet.</p> : render(tree, 0)}
      {menu && actions && (
        <div
          ref={menuRef}
          role="menu"
          aria-label={`Actions for ${menu.entry.path}`}
          style={{ position: 'fixed', left: menu.x, top: menu.y }}
          onKeyDown={(e) => {
            const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
            const i = items.indexOf(document.activeElement as HTMLElement);
            if (e.key === 'Escape') setMenu(null);
            else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
            else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
            else return;
            e.preventDefault();
          }}
          className="z-50 min-w-44 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <button
            type="button"
            role="menuitem"
            className="block w-full px-3 py-1.5 text-left hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800"
            onClick={() => run(() => actions.onNewFile(menuFolder))}
          >
            New file{menuFolder ? ` in ${menuFolder}/` : ''}
          </button>
          {menu.entry.kind === 'file' && (
            <>
              <button
                type="button"
                role="menuitem"
                className="block w-full px-3 py-1.5 text-left hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800"
                onClick={() => run(() => actions.onRename(menu.entry as { id: string; path: string }))}
              >
                Rename or move
              </button>
              <button
                type="button"
                role="menuitem"
                className="block w-full px-3 py-1.5 text-left text-red-700 hover:bg-slate-100 focus:bg-slate-100 dark:text-red-300 dark:hover:bg-slate-800 dark:focus:bg-slate-800"
                onClick={() => run(() => actions.onDelete(menu.entry as { id: string; path: string }))}
              >
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
