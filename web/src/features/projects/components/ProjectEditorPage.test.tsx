import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi, type Call, type Handler } from '@/test/stubApi';
import { fakeInteractiveServer } from '@/test/fakeInteractive';
import { ProjectEditorPage } from './ProjectEditorPage';

// Monaco does not run in jsdom: a textarea (and a plain diff) stand in with the same props.
vi.mock('@/components/editor/CodeEditor', () => ({
  default: ({
    value,
    onChange,
    ariaLabel,
    readOnly,
    highlightLine,
  }: {
    value: string;
    onChange(v: string): void;
    ariaLabel?: string;
    readOnly?: boolean;
    highlightLine?: number | null;
  }) => (
    <textarea
      aria-label={ariaLabel ?? 'Code'}
      data-testid="code"
      value={value}
      readOnly={readOnly}
      data-highlight={highlightLine ?? ''}
      onChange={(e) => onChange(e.target.value)}
    />
  ),
}));
vi.mock('@/components/editor/DiffView', () => ({
  default: ({ original, modified }: { original: string; modified: string }) => (
    <div>
      <pre data-testid="diff-original">{original}</pre>
      <pre data-testid="diff-modified">{modified}</pre>
    </div>
  ),
}));

const project = {
  id: 'p1',
  title: 'Calculator',
  description: null,
  language: 'python',
  entryPath: 'main.py',
  isPublic: false,
  fileCount: 2,
  lineCount: 3,
  createdAt: '2026-11-01T10:00:00Z',
};

interface ServerFile {
  id: string;
  path: string;
  content: string;
}

let files: ServerFile[];
let versions: { versionNumber: number; content: string; createdAt: string }[];
let calls: Call[];

let drafts: Map<string, { code: string; updatedAt: string }>;

/** The server's drafts of the project's files (`project:p1.<fileId>`), as the server keeps them. */
function draftRoutes() {
  const routes: Record<string, Handler> = {};
  for (const id of ['f1', 'f2', 'f3']) {
    const path = `/drafts/${encodeURIComponent(`project:p1.${id}`)}`;
    routes[`GET ${path}`] = () => {
      const d = drafts.get(id);
      return d ? json({ key: `project:p1.${id}`, language: 'python', ...d }) : json({ title: 'Not Found', status: 404 }, 404);
    };
    routes[`PUT ${path}`] = ({ body }) => {
      const d = { code: (body as { code: string }).code, updatedAt: '2026-12-04T01:00:00Z' };
      drafts.set(id, d);
      return json({ key: `project:p1.${id}`, language: 'python', ...d });
    };
    routes[`DELETE ${path}`] = () =>
      drafts.delete(id) ? new Response(null, { status: 204 }) : json({ title: 'Not Found', status: 404 }, 404);
  }
  return routes;
}

/** Calls that change something, without the draft traffic. */
const writes = () => calls.filter((c) => c.method !== 'GET' && !c.path.startsWith('/drafts/'));

function setup() {
  calls = stubApi({
    ...draftRoutes(),
    'GET /projects/p1': () => json(project),
    // Nobody else on the project: the files are not live (the live editor has its own tests).
    'GET /projects/p1/collaborators': () => json([]),
    'GET /me': () => json({ id: 'u1', username: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }),
    'GET /projects/p1/files': () => json(files.map(({ id, path }) => ({ id, path }))),
    'GET /projects/p1/files/f1': () => json(files.find((f) => f.id === 'f1')),
    'GET /projects/p1/files/f2': () => json(files.find((f) => f.id === 'f2')),
    'GET /projects/p1/files/f3': () => json(files.find((f) => f.id === 'f3')),
    'POST /projects/p1/files': ({ body }) => {
      const { path, content } = body as { path: string; content: string };
      if (files.some((f) => f.path === path))
        return json({ title: 'Conflict', status: 409, code: 'path_taken', fields: { path: 'A file with this path exists.' } }, 409);
      const f = { id: 'f3', path, content };
      files.push(f);
      return json(f, 201);
    },
    'PATCH /projects/p1/files/f2': ({ body }) => {
      const f = files.find((x) => x.id === 'f2')!;
      f.path = (body as { path: string }).path;
      return json(f);
    },
    'DELETE /projects/p1/files/f2': () => {
      files = files.filter((f) => f.id !== 'f2');
      return new Response(null, { status: 204 });
    },
    'PUT /projects/p1/files/f1': ({ body }) => {
      const f = files.find((x) => x.id === 'f1')!;
      f.content = (body as { content: string }).content;
      // Saving the file deletes its draft.
      drafts.delete('f1');
      versions.unshift({ versionNumber: versions.length + 1, content: f.content, createdAt: '2026-11-02T10:00:00Z' });
      return json(f);
    },
    'GET /projects/p1/files/f1/versions': () => json(versions.map(({ versionNumber, createdAt }) => ({ versionNumber, createdAt }))),
    'GET /projects/p1/files/f1/versions/1': () => json(versions.find((v) => v.versionNumber === 1)),
    'GET /projects/p1/files/f1/versions/2': () => json(versions.find((v) => v.versionNumber === 2)),
    'POST /projects/p1/files/f1/versions/1/restore': () => {
      const f = files.find((x) => x.id === 'f1')!;
      f.content = versions.find((v) => v.versionNumber === 1)!.content;
      versions.unshift({ versionNumber: versions.length + 1, content: f.content, createdAt: '2026-11-02T11:00:00Z' });
      // Like the server: the file's metadata, without its content.
      return json({ id: f.id, path: f.path, version: versions.length });
    },
    // A traced run of main.py that calls into src/util.py on its second step.
    'POST /executions': () =>
      json({
        id: 'e2',
        status: 'ok',
        stdout: '1\n',
        stderr: '',
        executionTimeMs: 12,
        cpuTimeMs: 5,
        memoryBytes: 1,
        cached: false,
        language: 'python',
        createdAt: '',
        trace: {
          truncated: false,
          steps: [
            { line: 1, locals: {}, stdout: '', event: 'line' },
            { line: 1, file: 'src/util.py', function: 'helper', locals: {}, stdout: '', event: 'line' },
            { line: 2, locals: { x: '1' }, stdout: '1\n', event: 'line' },
          ],
        },
      }),
    'POST /projects/p1/run': () =>
      json({
        id: 'e1',
        status: 'ok',
        stdout: '42\n',
        stderr: '',
        executionTimeMs: 12,
        cpuTimeMs: 5,
        memoryBytes: 1,
        cached: false,
        language: 'python',
        createdAt: '',
      }),
  });
}

beforeEach(() => {
  files = [
    { id: 'f1', path: 'main.py', content: 'print(1)\n' },
    { id: 'f2', path: 'src/util.py', content: 'X = 1\n' },
  ];
  versions = [{ versionNumber: 1, content: 'print(1)\n', createdAt: '2026-11-01T10:00:00Z' }];
  drafts = new Map();
  setup();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  __resetClientForTests();
});

const renderEditor = () => renderRoutes('/projects/p1', [{ path: '/projects/:projectId', element: <ProjectEditorPage /> }]);

describe('the project editor', () => {
  it('opens the entry file, and Ctrl+S saves it as a new version', async () => {
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print(1)\n'));
    fireEvent.change(code, { target: { value: 'print(2)\n' } });
    expect(screen.getByTestId('save-status')).toHaveTextContent('Unsaved changes');
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('save-status')).toHaveTextContent(/^Saved at/));
    const puts = writes().filter((c) => c.method === 'PUT');
    expect(puts).toEqual([{ method: 'PUT', path: '/projects/p1/files/f1', query: '', body: { content: 'print(2)\n' } }]);
  });

  it('creates a file from the tree and opens it in a tab', async () => {
    const user = userEvent.setup();
    renderEditor();
    await screen.findByTestId('code');
    await user.click(screen.getByRole('button', { name: '+ New file' }));
    const dialog = screen.getByRole('dialog', { name: 'New file' });
    const path = within(dialog).getByLabelText('Path');
    // The local check refuses an existing path before asking the server.
    await user.type(path, 'main.py');
    await user.click(within(dialog).getByRole('button', { name: 'Create file' }));
    expect(within(dialog).getByText('main.py already exists.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await user.clear(path);
    await user.type(path, 'src/new.py');
    await user.click(within(dialog).getByRole('button', { name: 'Create file' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ path: 'src/new.py', content: '' });
    await within(screen.getByRole('list', { name: 'Open files' })).findByRole('button', { name: 'new.py', pressed: true });
    expect(await screen.findByText('new.py', { selector: '[data-testid="tree-file"] span' })).toBeInTheDocument();
  });

  it('renames, then deletes, a file through its context menu', async () => {
    const user = userEvent.setup();
    renderEditor();
    await screen.findByTestId('code');
    fireEvent.contextMenu(screen.getByRole('button', { name: 'util.py' }));
    await user.click(screen.getByRole('menuitem', { name: 'Rename or move' }));
    const dialog = screen.getByRole('dialog');
    const path = within(dialog).getByLabelText('Path');
    expect(path).toHaveValue('src/util.py');
    await user.clear(path);
    await user.type(path, 'lib/helpers.py');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ path: 'lib/helpers.py' }));
    const renamed = await screen.findByRole('button', { name: 'helpers.py' });
    expect(screen.getByRole('button', { name: 'lib/' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Actions for lib/helpers.py' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete file' }));
    await waitFor(() => expect(renamed).not.toBeInTheDocument());
    expect(
      writes()
        .filter((c) => c.method === 'DELETE')
        .map((c) => c.path),
    ).toEqual(['/projects/p1/files/f2']);
  });

  it('compares an older version with the editor and restores it', async () => {
    const user = userEvent.setup();
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print(1)\n'));
    fireEvent.change(code, { target: { value: 'print("two")\n' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('save-status')).toHaveTextContent(/^Saved at/));

    await user.click(screen.getByRole('button', { name: 'History' }));
    const dialog = screen.getByRole('dialog', { name: 'History of main.py' });
    // The newest version is the saved text; the one before it is picked for comparison.
    await within(dialog).findByRole('button', { name: /Version 2/ });
    expect(await within(dialog).findByTestId('diff-original')).toHaveTextContent('print(1)');
    expect(within(dialog).getByTestId('diff-modified')).toHaveTextContent('print("two")');
    await user.click(within(dialog).getByRole('button', { name: 'Restore version 1' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.some((c) => c.method === 'POST' && c.path === '/projects/p1/files/f1/versions/1/restore')).toBe(true);
    expect(screen.getByTestId('code')).toHaveValue('print(1)\n');
    expect(screen.getByTestId('save-status')).toHaveTextContent(/^Saved at/);
  });

  it('saves changed files before a run, then shows the output', async () => {
    // The run goes over the interactive WebSocket, after the saves (counted when it starts).
    const started: Record<string, unknown>[] = [];
    vi.stubGlobal(
      'WebSocket',
      fakeInteractiveServer((start) => {
        started.push({ ...start, savesBefore: writes().length });
        return json({
          id: 'e1',
          status: 'ok',
          stdout: '42\n',
          stderr: '',
          executionTimeMs: 12,
          cpuTimeMs: 5,
          memoryBytes: 1,
          cached: false,
          language: 'python',
          createdAt: '',
        });
      }),
    );
    const user = userEvent.setup();
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print(1)\n'));
    fireEvent.change(code, { target: { value: 'print(42)\n' } });
    await user.click(screen.getByRole('button', { name: /^Run/ }));
    expect(await screen.findByTestId('output-stdout')).toHaveTextContent('42');
    const order = writes().map((c) => `${c.method} ${c.path}`);
    expect(order).toEqual(['PUT /projects/p1/files/f1']);
    expect(started).toEqual([{ language: 'python', projectId: 'p1', entry: 'main.py', stdin: '', savesBefore: 1 }]);
  });

  it('steps through the saved entry file, following the steps into another file, read-only until it closes', async () => {
    const user = userEvent.setup();
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print(1)\n'));
    fireEvent.change(code, { target: { value: 'print(42)\n' } });
    await user.click(screen.getByRole('button', { name: 'Step through' }));
    expect(await screen.findByTestId('trace-counter')).toHaveTextContent('Step 1 of 3');
    const order = writes().map((c) => `${c.method} ${c.path}`);
    expect(order).toEqual(['PUT /projects/p1/files/f1', 'POST /executions']);
    expect(calls.find((c) => c.path === '/executions')?.body).toEqual({
      language: 'python',
      projectId: 'p1',
      entry: 'main.py',
      stdin: '',
      trace: true,
    });
    expect(screen.getByTestId('code')).toHaveAttribute('readonly');
    expect(screen.getByTestId('code')).toHaveAttribute('data-highlight', '1');

    await user.keyboard('{ArrowRight}');
    const tabs = screen.getByRole('list', { name: 'Open files' });
    expect(await within(tabs).findByRole('button', { name: 'util.py', pressed: true })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('code')).toHaveValue('X = 1\n'));
    expect(screen.getByTestId('code')).toHaveAttribute('data-highlight', '1');
    expect(screen.getByTestId('trace-announcement')).toHaveTextContent('Line 1 of src/util.py, step 2 of 3');
    expect(screen.getByTestId('trace-line')).toHaveTextContent('X = 1');

    await user.click(screen.getByRole('button', { name: 'Next step' }));
    expect(within(tabs).getByRole('button', { name: 'main.py', pressed: true })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('code')).toHaveAttribute('data-highlight', '2'));

    await user.click(screen.getByRole('button', { name: 'Back to editing' }));
    expect(screen.queryByTestId('trace-view')).not.toBeInTheDocument();
    expect(screen.getByTestId('code')).not.toHaveAttribute('readonly');
    expect(screen.getByTestId('code')).toHaveAttribute('data-highlight', '');
  });

  it('autosaves an edit after 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print(1)\n'));
    fireEvent.change(code, { target: { value: 'print(3)\n' } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(29_000);
    });
    expect(writes().some((c) => c.method === 'PUT')).toBe(false);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_500);
    });
    await waitFor(() => expect(writes().filter((c) => c.method === 'PUT')).toHaveLength(1));
  });

  it('restores a kept draft with a notice; Save makes it a version and the notice goes', async () => {
    drafts.set('f1', { code: 'print("from yesterday")\n', updatedAt: '2026-12-03T18:00:00Z' });
    const user = userEvent.setup();
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print("from yesterday")\n'));
    const notice = screen.getByTestId('draft-notice');
    expect(notice).toHaveTextContent(/^Unsaved changes restored \(from .+\) — Save or Discard them\./);
    expect(screen.getByTestId('save-status')).toHaveTextContent('Unsaved changes');
    await user.click(within(notice).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByTestId('draft-notice')).not.toBeInTheDocument());
    expect(files.find((f) => f.id === 'f1')?.content).toBe('print("from yesterday")\n');
    expect(versions).toHaveLength(2);
    expect(drafts.has('f1')).toBe(false);
  });

  it('Discard puts the saved text back and deletes the draft', async () => {
    drafts.set('f1', { code: 'print("scrap")\n', updatedAt: '2026-12-03T18:00:00Z' });
    const user = userEvent.setup();
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print("scrap")\n'));
    await user.click(within(screen.getByTestId('draft-notice')).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(screen.getByTestId('code')).toHaveValue('print(1)\n'));
    expect(screen.queryByTestId('draft-notice')).not.toBeInTheDocument();
    await waitFor(() => expect(drafts.has('f1')).toBe(false));
    expect(writes().some((c) => c.method === 'PUT')).toBe(false);
  });

  it('keeps unsaved edits as a draft when the page is left', async () => {
    const { view } = renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(code).toHaveValue('print(1)\n'));
    fireEvent.change(code, { target: { value: 'print("not saved")\n' } });
    view.unmount();
    await waitFor(() => expect(drafts.get('f1')?.code).toBe('print("not saved")\n'));
    const put = calls.find((c) => c.method === 'PUT' && c.path.startsWith('/drafts/'));
    expect(put?.body).toEqual({ language: 'python', code: 'print("not saved")\n' });
    expect(writes()).toEqual([]);
  });
});
