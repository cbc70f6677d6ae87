import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi, type Call } from '@/test/stubApi';
import { TEXT_NAME } from '../live/provider';
import { ProjectEditorPage } from './ProjectEditorPage';

// Monaco does not run in jsdom: a textarea stands in, with the props the page decides.
vi.mock('@/components/editor/CodeEditor', () => ({
  default: ({ value, readOnly, live, ariaLabel }: { value: string; readOnly?: boolean; live?: unknown; ariaLabel?: string }) => (
    <textarea
      aria-label={ariaLabel ?? 'Code'}
      data-testid="code"
      defaultValue={value}
      readOnly={readOnly}
      data-live={live === undefined ? 'no' : live ? 'bound' : 'waiting'}
    />
  ),
}));

/** The server's end of each live socket the page opens, answering sync from one document. */
class ServerSocket {
  static all: ServerSocket[] = [];
  static doc: Y.Doc;
  binaryType = 'blob';
  readyState = 0;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    ServerSocket.all.push(this);
  }
  send(data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== 0) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    syncProtocol.readSyncMessage(decoder, reply, ServerSocket.doc, 'client');
    if (encoding.length(reply) > 1) {
      const bytes = encoding.toUint8Array(reply);
      this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    }
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(reason: string) {
    this.readyState = 3;
    this.onclose?.({ code: 1008, reason });
  }
}

let calls: Call[];

function setup(role: 'editor' | 'viewer') {
  ServerSocket.all = [];
  ServerSocket.doc = new Y.Doc();
  ServerSocket.doc.getText(TEXT_NAME).insert(0, 'print("together")\n');
  vi.stubGlobal('WebSocket', ServerSocket);
  calls = stubApi({
    'GET /projects/p1': () =>
      json({
        id: 'p1',
        title: 'Pair',
        language: 'python',
        entryPath: 'main.py',
        isPublic: false,
        fileCount: 1,
        lineCount: 1,
        sharedRole: role,
      }),
    'GET /projects/p1/files': () => json([{ id: 'f1', path: 'main.py' }]),
    'GET /projects/p1/files/f1': () => json({ id: 'f1', path: 'main.py', content: 'print("together")\n' }),
    'GET /me': () => json({ id: 'u2', username: 'milo', email: 'milo@example.com', firstName: 'Milo', lastName: 'Collab' }),
  });
}

const renderEditor = () => renderRoutes('/projects/p1', [{ path: '/projects/:projectId', element: <ProjectEditorPage /> }]);

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

describe('the project editor of a shared project', () => {
  beforeEach(() => setup('viewer'));

  it('opens the file live for a viewer, read-only, and says when the owner revokes access', async () => {
    renderEditor();
    const code = await screen.findByTestId('code');
    await waitFor(() => expect(ServerSocket.all).toHaveLength(1));
    expect(ServerSocket.all[0]!.url).toMatch(/^ws:\/\/[^/]+\/api\/v1\/projects\/p1\/files\/f1\/live$/);
    // Read-only until synced, and read-only after: a viewer.
    expect(code).toHaveAttribute('readonly');
    expect(code).toHaveAttribute('data-live', 'waiting');
    act(() => ServerSocket.all[0]!.open());
    await waitFor(() => expect(code).toHaveAttribute('data-live', 'bound'));
    expect(code).toHaveAttribute('readonly');
    expect(screen.getByTestId('live-status')).toHaveTextContent('you are a viewer');
    expect(within(screen.getByTestId('live-peers')).getByText(/Milo Collab/)).toBeInTheDocument();
    // Things only the owner may do are not offered; no drafts are written for a live file.
    expect(screen.queryByRole('button', { name: 'History' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Collaborators/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '+ New file' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path.startsWith('/drafts/'))).toBe(false);

    act(() => ServerSocket.all[0]!.drop('access_revoked'));
    expect(await screen.findByText(/The owner removed your access/)).toBeInTheDocument();
    expect(screen.getByTestId('live-status')).toHaveAttribute('data-status', 'closed');
    expect(ServerSocket.all).toHaveLength(1);
  });
});

describe('the project editor of a project shared for editing', () => {
  beforeEach(() => setup('editor'));

  it('lets an editor type once the file is synced, and reconnects after a dropped connection', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderEditor();
      const code = await screen.findByTestId('code');
      await waitFor(() => expect(ServerSocket.all).toHaveLength(1));
      expect(code).toHaveAttribute('readonly');
      act(() => ServerSocket.all[0]!.open());
      await waitFor(() => expect(code).not.toHaveAttribute('readonly'));
      expect(screen.getByTestId('live-status')).toHaveTextContent('edits are shared as you type');
      act(() => ServerSocket.all[0]!.drop(''));
      expect(await screen.findByText(/Offline: your edits are kept here/)).toBeInTheDocument();
      // Still editable offline: the edits merge on reconnect.
      expect(code).not.toHaveAttribute('readonly');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(600);
      });
      expect(ServerSocket.all).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps an editor off the owner-only dialogs', async () => {
    renderEditor();
    await screen.findByTestId('code');
    expect(screen.queryByRole('button', { name: 'Share' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Settings' })).not.toBeInTheDocument();
    // Save stays: it makes a version of the shared file.
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
  });
});
