import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageLoading } from '@/components/ui/Spinner';
import { FileTreeView } from '@/components/projects/FileTreeView';
import { OutputConsole } from '@/components/run/OutputConsole';
import { useInteractiveRun } from '@/components/run/useInteractiveRun';
import { StepThroughButton, TraceView } from '@/components/trace/TraceView';
import { useTraceRun } from '@/components/trace/useTraceRun';
// Type only (erased): Monaco itself stays in the lazy chunk.
import type { EditorHandle, LiveEditorBinding } from '@/components/editor/CodeEditor';
import { basename, entryCandidates, languageName, languageOf } from '@/components/projects/fileTree';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { displayName, useMe } from '@/lib/auth';
import type { ExecutionResult } from '@/lib/api/types';
import { deleteDraft, draftLanguage, fetchDraft, projectFileDraftKey, putDraft } from '@/lib/serverDraft';
import { useTheme } from '@/lib/theme';
import { toast } from '@/lib/toast';
import { useCollaborators } from '../api/collaborators';
import { getFile, saveFile, useCreateFile, useDeleteFile, useFiles, useMoveFile } from '../api/files';
import { projectKey, useProject } from '../api/projects';
import { exportProject } from '../api/transfer';
import type { ProjectFile } from '../api/types';
import { versionsKey } from '../api/versions';
import { isDirty, useBuffers, type DraftStore } from '../lib/useBuffers';
import { LiveBar, PeerDot } from '../live/LiveBar';
import { MonacoBinding } from '../live/monacoBinding';
import { useLiveFile } from '../live/useLiveFile';
import { CollaboratorsDialog } from './CollaboratorsDialog';
import { ConfirmDialog, PathDialog } from './FileDialogs';
import { HistoryDialog } from './HistoryDialog';
import { SettingsDialog } from './SettingsDialog';
import { ShareDialog } from './ShareDialog';

// Monaco loads in its own chunk when an editor page opens, never on first paint.
const CodeEditor = lazy(() => import('@/components/editor/CodeEditor'));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

type Modal =
  | { kind: 'new'; folder: string }
  | { kind: 'rename'; file: { id: string; path: string } }
  | { kind: 'delete'; file: { id: string; path: string } }
  | { kind: 'history' }
  | { kind: 'share' }
  | { kind: 'collaborators' }
  | { kind: 'settings' }
  | null;

/** ` (from 4 Dec, 01:40)`: when the restored draft was written, if the server said. */
function restoredWhen(updatedAt: string): string {
  const at = new Date(updatedAt);
  return Number.isNaN(at.getTime()) ? '' : ` (from ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })})`;
}

/** Prefer what a visitor would read first: the README, else the entry, else the first file. */
function firstFile(files: ProjectFile[], entry: string | null | undefined): ProjectFile | undefined {
  return files.find((f) => f.path === entry) ?? files.find((f) => /^readme\.md$/i.test(f.path)) ?? files[0];
}

export function ProjectEditorPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const files = useFiles(projectId);
  const qc = useQueryClient();
  const { resolved } = useTheme();

  const save = useCallback(
    async (fileId: string, content: string) => {
      const saved = await saveFile(projectId, fileId, content);
      void qc.invalidateQueries({ queryKey: versionsKey(projectId, fileId) });
      void qc.invalidateQueries({ queryKey: projectKey(projectId), exact: true });
      return saved;
    },
    [projectId, qc],
  );
  const load = useCallback((fileId: string) => getFile(projectId, fileId), [projectId]);
  // Unsaved edits live on the server as drafts, so leaving the page (or the device) loses nothing.
  const drafts = useMemo<DraftStore>(
    () => ({
      fetch: (fileId) => fetchDraft(projectFileDraftKey(projectId, fileId)),
      put: (fileId, path, content, keepalive) =>
        putDraft(projectFileDraftKey(projectId, fileId), draftLanguage(languageOf(path)), content, keepalive),
      remove: (fileId) => deleteDraft(projectFileDraftKey(projectId, fileId)),
    }),
    [projectId],
  );
  // A project with collaborators is live: every open file is a shared document (docs/collaboration.md).
  // The owner learns it from the collaborators list, a collaborator from their role.
  const sharedRole = project.data?.sharedRole;
  const isOwner = !!project.data && !sharedRole;
  const collaborators = useCollaborators(projectId, isOwner);
  const liveMode = !!project.data && (!!sharedRole || (collaborators.data?.length ?? 0) > 0);
  const buffers = useBuffers({ load, save, drafts: liveMode ? undefined : drafts, live: liveMode });

  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const [entry, setEntry] = useState<string>('');
  const [stdin, setStdin] = useState('');
  const [result, setResult] = useState<ExecutionResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const inFlight = useRef(false);
  // The run's end: its result, or why it did not run.
  const interactive = useInteractiveRun(({ result: res, problem }) => {
    inFlight.current = false;
    if (res) setResult(res);
    if (problem?.status === 429) setRunError(`${problem.detail} You can run again in ${problem.retryAfterSecs ?? 60} s.`);
    else if (problem) setRunError(problem.detail);
  });
  const running = interactive.state.phase === 'connecting' || interactive.state.phase === 'running';
  const startRun = interactive.start;
  const createFile = useCreateFile(projectId);
  const moveFile = useMoveFile(projectId);
  const deleteFile = useDeleteFile(projectId);

  const list = useMemo(() => files.data ?? [], [files.data]);
  const paths = useMemo(() => list.map((f) => f.path), [list]);
  const entries = useMemo(() => entryCandidates(paths), [paths]);
  const byId = useMemo(() => new Map(list.map((f) => [f.id, f])), [list]);

  const openFile = useCallback((f: { id: string; path: string }) => {
    setTabs((t) => (t.includes(f.id) ? t : [...t, f.id]));
    setActive(f.id);
  }, []);

  // Open one file when the project first shows, so the editor is never an empty box.
  const [started, setStarted] = useState(false);
  if (!started && files.data && project.data) {
    setStarted(true);
    const first = firstFile(files.data, project.data.entryPath);
    if (first) {
      setTabs([first.id]);
      setActive(first.id);
    }
  }

  // Every open tab has a buffer: its text is fetched the first time the tab opens.
  const { open: openBuffer } = buffers;
  useEffect(() => {
    for (const id of tabs) {
      const f = byId.get(id);
      if (f) openBuffer(f);
    }
  }, [tabs, byId, openBuffer]);

  // The run's entry: what the learner picked, else the project's, else the first runnable file.
  const runEntry = entries.includes(entry) ? entry : (project.data?.entryPath ?? entries[0] ?? '');

  // Step through runs the entry, like Run. The editor is read-only while it is open, so what can
  // still change the code (a restored version, a renamed, new or deleted file) stops it; picking
  // another entry changes the source and closes it too.
  const entryLanguage = languageOf(runEntry);
  const trace = useTraceRun(runEntry);
  const stopTrace = trace.stop;
  const editorHandle = useRef<EditorHandle | null>(null);
  // The file the step is in: the entry, or another of the project's files it called into.
  const stepPath = trace.current ? (trace.current.file ?? runEntry) : null;
  const stepFileId = stepPath ? list.find((x) => x.path === stepPath)?.id : undefined;
  const stepSource = stepFileId ? buffers.buffers[stepFileId]?.content : null;
  // Its tab opens as the steps move there (adjusting state during render, not in an effect).
  const [followed, setFollowed] = useState<string | null>(null);
  if (stepPath !== followed) {
    setFollowed(stepPath);
    const f = stepPath ? list.find((x) => x.path === stepPath) : undefined;
    if (f) openFile(f);
  }

  const closeTab = (fileId: string) => {
    const b = buffers.buffers[fileId];
    if (
      isDirty(b) &&
      b!.draftTooLarge &&
      !window.confirm(`${b!.path} has unsaved changes, too large to keep as a draft. Close it anyway and lose them?`)
    )
      return;
    buffers.close(fileId);
    setTabs((t) => {
      const next = t.filter((id) => id !== fileId);
      if (active === fileId) setActive(next[next.length - 1] ?? null);
      return next;
    });
  };

  const saveActive = useCallback(() => {
    if (active) void buffers.saveOne(active);
  }, [active, buffers]);

  const doRun = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    stopTrace();
    setRunError(null);
    // The server runs what it has: save every changed file first.
    if (!(await buffers.saveAll())) {
      setRunError('Some files could not be saved, so the run would not use your latest code. Fix the save error and try again.');
      inFlight.current = false;
      return;
    }
    setResult(null);
    // Over the WebSocket, like the playground: output as it comes, an input line for more.
    startRun({ language: languageOf(runEntry), projectId, entry: runEntry || undefined, stdin });
  }, [buffers, projectId, runEntry, startRun, stdin, stopTrace]);

  const stepThrough = async () => {
    if (inFlight.current) return;
    setRunError(null);
    // The server traces what it has, as for Run: save every changed file first.
    if (!(await buffers.saveAll())) {
      setRunError('Some files could not be saved, so the step-through would not use your latest code. Fix the save error and try again.');
      return;
    }
    trace.start({ language: entryLanguage, projectId, entry: runEntry, stdin }, runEntry);
  };
  const closeTrace = () => {
    trace.stop();
    editorHandle.current?.focus();
  };

  const handlers = useRef({ saveActive, doRun });
  useLayoutEffect(() => {
    handlers.current = { saveActive, doRun };
  });
  // Ctrl/Cmd+S and Ctrl/Cmd+Enter also work with focus outside the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey)) return;
      if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        handlers.current.saveActive();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        void handlers.current.doRun();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The live file of the active tab: who is here, and the document the editor binds to once synced.
  const me = useMe();
  const meInfo = useMemo(() => (me.data ? { name: displayName(me.data), key: me.data.username ?? me.data.email } : null), [me.data]);
  const activeLoaded = !!active && !!buffers.buffers[active] && !buffers.buffers[active]!.loading;
  const liveFile = useLiveFile(projectId, liveMode && activeLoaded ? active : null, liveMode ? meInfo : null);
  const liveProvider = liveFile?.provider ?? null;
  const binding = useRef<MonacoBinding | null>(null);
  const liveBinder = useMemo<LiveEditorBinding | null>(
    () =>
      liveProvider && {
        bind: (editor, model) => {
          const b = new MonacoBinding(liveProvider.text, model, editor, liveProvider.awareness);
          binding.current = b;
          return {
            undo: () => b.undo(),
            redo: () => b.redo(),
            dispose: () => {
              if (binding.current === b) binding.current = null;
              b.destroy();
            },
          };
        },
      },
    [liveProvider],
  );
  const viewer = sharedRole === 'viewer' || !!liveFile?.denied;
  const liveReadOnly = liveMode && (viewer || !liveProvider || liveFile?.status === 'closed');
  const otherPeers = liveFile?.status === 'closed' ? [] : (liveFile?.peers ?? []).filter((peer) => !peer.self);

  const onRestored = (content: string) => {
    trace.stop();
    // A live file changes for everyone, as one edit of whoever restored it.
    if (liveMode) binding.current?.replaceText(content);
    if (active) buffers.replace(active, content);
    void qc.invalidateQueries({ queryKey: projectKey(projectId), exact: true });
  };

  if (project.isPending || files.isPending || (isOwner && collaborators.isPending)) return <PageLoading label="Opening the project…" />;
  if (project.isError || files.isError) {
    const err = project.error ?? files.error;
    return (
      <div className="mx-auto max-w-3xl p-6">
        <EmptyState
          title={isApiError(err) && err.status === 404 ? 'No such project' : 'Could not open the project'}
          action={
            <Link to="/projects" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Back to your projects
            </Link>
          }
        >
          {errorMessage(err)}
        </EmptyState>
      </div>
    );
  }

  const p = project.data;
  const activeBuffer = active ? buffers.buffers[active] : undefined;
  // A live file's edits are kept as they are typed: "unsaved" means nothing there.
  const dirtyPaths = new Set(
    Object.values(buffers.buffers)
      .filter((b) => !liveMode && isDirty(b))
      .map((b) => b.path),
  );
  const status = !activeBuffer
    ? ''
    : activeBuffer.saving
      ? 'Saving…'
      : activeBuffer.error
        ? `Not saved: ${activeBuffer.error}`
        : isDirty(activeBuffer) && liveMode
          ? 'Changed since the last version'
          : isDirty(activeBuffer)
            ? activeBuffer.draftTooLarge
              ? 'Unsaved changes (too large to keep as a draft: save them)'
              : 'Unsaved changes'
            : activeBuffer.savedAt
              ? `Saved at ${activeBuffer.savedAt.toLocaleTimeString()}`
              : 'Saved';

  return (
    <div className="flex flex-col gap-3 px-3 py-4 sm:px-4">
      <title>{`${p.title} · Codestead`}</title>
      <div className="flex flex-wrap items-center gap-2">
        <div className="mr-auto min-w-0">
          <p className="text-xs text-slate-600 dark:text-slate-400">
            <Link to="/projects" className="hover:underline">
              Projects
            </Link>{' '}
            / {languageName(p.language)} · {p.fileCount} files · {p.lineCount} lines
          </p>
          <h1 className="flex items-center gap-2 truncate text-xl font-semibold">
            {p.title}
            {p.isPublic && (
              <span className="rounded bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900 dark:bg-green-900 dark:text-green-100">
                Public
              </span>
            )}
          </h1>
        </div>
        <Button
          variant="secondary"
          onClick={saveActive}
          disabled={!activeBuffer}
          aria-keyshortcuts="Control+S Meta+S"
          title={`Save (${MOD}+S)`}
        >
          Save
        </Button>
        {isOwner && (
          <Button variant="secondary" onClick={() => setModal({ kind: 'history' })} disabled={!activeBuffer}>
            History
          </Button>
        )}
        {isOwner && (
          <Button variant="secondary" onClick={() => setModal({ kind: 'collaborators' })}>
            Collaborators{collaborators.data && collaborators.data.length > 0 ? ` (${collaborators.data.length})` : ''}
          </Button>
        )}
        {isOwner && (
          <Button variant="secondary" onClick={() => setModal({ kind: 'share' })}>
            Share
          </Button>
        )}
        <Button variant="secondary" onClick={() => void exportProject(p).catch((e) => toast.error(errorMessage(e)))}>
          Export zip
        </Button>
        {isOwner && (
          <Button variant="secondary" onClick={() => setModal({ kind: 'settings' })}>
            Settings
          </Button>
        )}
      </div>

      <div className="grid gap-3 lg:grid-cols-[14rem_minmax(0,1fr)_minmax(0,24rem)]">
        <aside className="rounded-md border border-slate-200 p-2 dark:border-slate-800" aria-label="Project files">
          <div className="mb-2 flex items-center justify-between">
            <h2 className="text-sm font-semibold">Files</h2>
            {isOwner && (
              <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setModal({ kind: 'new', folder: '' })}>
                + New file
              </Button>
            )}
          </div>
          <FileTreeView
            files={list}
            selectedPath={activeBuffer?.path}
            onOpen={openFile}
            dirtyPaths={dirtyPaths}
            // Adding, moving and deleting files stay the owner's.
            actions={
              isOwner
                ? {
                    onNewFile: (folder) => setModal({ kind: 'new', folder }),
                    onRename: (file) => setModal({ kind: 'rename', file }),
                    onDelete: (file) => setModal({ kind: 'delete', file }),
                  }
                : undefined
            }
          />
        </aside>

        <section className="flex min-w-0 flex-col" aria-label="Editor">
          <div className="flex items-center border-b border-slate-200 dark:border-slate-800">
            {/* Open files as a list of buttons (each with its close button), not an ARIA tab list:
                a tab list may hold nothing but tabs. */}
            <ul aria-label="Open files" className="flex min-w-0 flex-1 overflow-x-auto">
              {tabs.map((id) => {
                const b = buffers.buffers[id];
                if (!b) return null;
                const selected = id === active;
                return (
                  <li key={id} className={`flex items-center border-b-2 text-sm ${selected ? 'border-indigo-600' : 'border-transparent'}`}>
                    <button
                      type="button"
                      aria-pressed={selected}
                      onClick={() => setActive(id)}
                      title={b.path}
                      className="px-3 py-2 whitespace-nowrap hover:bg-slate-100 dark:hover:bg-slate-800"
                    >
                      {basename(b.path)}
                      {selected && otherPeers.length > 0 && (
                        <span
                          className="ml-1.5 inline-flex items-center gap-0.5"
                          data-testid="tab-peers"
                          title={`Also here: ${otherPeers.map((peer) => peer.name).join(', ')}`}
                        >
                          {otherPeers.map((peer) => (
                            <PeerDot key={peer.clientId} peer={peer} />
                          ))}
                          <span className="sr-only">, with {otherPeers.map((peer) => peer.name).join(', ')}</span>
                        </span>
                      )}
                      {isDirty(b) && !liveMode && (
                        <span className="ml-1 text-amber-700 dark:text-amber-300" title="Unsaved changes" aria-hidden="true">
                          ●
                        </span>
                      )}
                    </button>
                    <button
                      type="button"
                      onClick={() => closeTab(id)}
                      aria-label={`Close ${b.path}`}
                      className="rounded px-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>
            <p className="px-2 text-xs whitespace-nowrap text-slate-600 dark:text-slate-400" role="status" data-testid="save-status">
              {status}
            </p>
          </div>
          {liveMode && liveFile && activeBuffer && <LiveBar live={liveFile} readOnlyRole={viewer} />}
          {activeBuffer?.restoredFrom !== undefined && isDirty(activeBuffer) && (
            <div
              className="flex flex-wrap items-center gap-2 border-x border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
              data-testid="draft-notice"
            >
              <p className="mr-auto" role="status">
                Unsaved changes restored{restoredWhen(activeBuffer.restoredFrom)} — Save or Discard them.
              </p>
              <Button variant="secondary" className="px-2 py-1 text-xs" onClick={saveActive}>
                Save
              </Button>
              <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => buffers.discard(activeBuffer.fileId)}>
                Discard
              </Button>
            </div>
          )}
          <div
            className="h-[60vh] min-h-80 overflow-hidden rounded-b-md border border-t-0 border-slate-300 dark:border-slate-700"
            data-testid="editor"
          >
            {!activeBuffer ? (
              <div className="p-6 text-sm text-slate-600 dark:text-slate-400">
                {list.length === 0 ? 'This project has no files yet: create one with “New file”.' : 'Open a file from the tree.'}
              </div>
            ) : activeBuffer.loading ? (
              <PageLoading label={`Opening ${activeBuffer.path}…`} />
            ) : (
              <Suspense fallback={<PageLoading label="Loading editor…" />}>
                <CodeEditor
                  key={activeBuffer.fileId}
                  path={`project/${projectId}/${activeBuffer.fileId}/${basename(activeBuffer.path)}`}
                  value={activeBuffer.content}
                  language={languageOf(activeBuffer.path)}
                  dark={resolved === 'dark'}
                  onChange={(v) => buffers.edit(activeBuffer.fileId, v)}
                  onSave={saveActive}
                  onRun={() => void doRun()}
                  onReady={(h) => (editorHandle.current = h)}
                  readOnly={trace.active || liveReadOnly}
                  readOnlyMessage={
                    liveReadOnly
                      ? viewer
                        ? 'You are a viewer of this project: you can follow along but not type.'
                        : 'This file is not live (yet): wait until it joins, or reload the page.'
                      : undefined
                  }
                  live={liveMode ? liveBinder : undefined}
                  highlightLine={trace.current && activeBuffer.path === stepPath ? trace.current.line : null}
                  ariaLabel={`Editing ${activeBuffer.path}. Ctrl+S saves a version, Ctrl+Enter runs the project, Ctrl+M lets Tab move focus.`}
                />
              </Suspense>
            )}
          </div>
        </section>

        <section className="flex min-w-0 flex-col gap-3" aria-label="Run">
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor="run-entry" className="block text-sm font-medium">
                Entry point
              </label>
              <select
                id="run-entry"
                value={runEntry}
                onChange={(e) => setEntry(e.target.value)}
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
              >
                {entries.length === 0 && <option value="">No runnable file</option>}
                {entries.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
              </select>
            </div>
            <Button
              onClick={() => void doRun()}
              loading={running}
              disabled={entries.length === 0}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              title={`Run (${MOD}+Enter)`}
            >
              Run
            </Button>
            {entries.length > 0 && (
              <StepThroughButton language={entryLanguage} onClick={() => void stepThrough()} loading={trace.loading} />
            )}
          </div>
          <div>
            <label htmlFor="run-stdin" className="block text-sm font-medium">
              Standard input (stdin)
            </label>
            <textarea
              id="run-stdin"
              rows={3}
              value={stdin}
              onChange={(e) => setStdin(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            />
          </div>
          {trace.active ? (
            <TraceView trace={trace} language={entryLanguage} source={stepSource} onClose={closeTrace} />
          ) : (
            <OutputConsole
              result={result}
              running={running}
              error={runError}
              live={{ state: interactive.state, onSend: interactive.send, onStop: interactive.stop, onEndInput: interactive.endInput }}
              idleHint="Run the project to see its output here."
            />
          )}
        </section>
      </div>

      {modal?.kind === 'new' && (
        <PathDialog
          title="New file"
          initial={modal.folder ? `${modal.folder}/` : ''}
          taken={paths}
          submitLabel="Create file"
          onClose={() => setModal(null)}
          onSubmit={async (path) => {
            trace.stop();
            const f = await createFile.mutateAsync({ path, content: '' });
            openFile(f);
          }}
        />
      )}
      {modal?.kind === 'rename' && (
        <PathDialog
          title={`Rename or move ${basename(modal.file.path)}`}
          initial={modal.file.path}
          taken={paths}
          except={modal.file.path}
          submitLabel="Rename"
          onClose={() => setModal(null)}
          onSubmit={async (path) => {
            trace.stop();
            await moveFile.mutateAsync({ fileId: modal.file.id, path });
            buffers.rename(modal.file.id, path);
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${modal.file.path}?`}
          confirmLabel="Delete file"
          onClose={() => setModal(null)}
          onConfirm={async () => {
            trace.stop();
            await deleteFile.mutateAsync(modal.file.id);
            buffers.close(modal.file.id, { keepDraft: false });
            setTabs((t) => t.filter((id) => id !== modal.file.id));
            if (active === modal.file.id) setActive(null);
          }}
        >
          The file and its saved versions are deleted. This cannot be undone.
        </ConfirmDialog>
      )}
      {modal?.kind === 'history' && activeBuffer && (
        <HistoryDialog
          projectId={projectId}
          file={{ id: activeBuffer.fileId, path: byId.get(activeBuffer.fileId)?.path ?? activeBuffer.path }}
          current={activeBuffer.content}
          dirty={isDirty(activeBuffer)}
          onRestored={onRestored}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'collaborators' && (
        <CollaboratorsDialog project={p} onClose={() => setModal(null)} beforeFirstInvite={() => buffers.saveAll()} />
      )}
      {modal?.kind === 'share' && <ShareDialog project={p} onClose={() => setModal(null)} />}
      {modal?.kind === 'settings' && <SettingsDialog project={p} entries={entries} onClose={() => setModal(null)} />}
    </div>
  );
}
