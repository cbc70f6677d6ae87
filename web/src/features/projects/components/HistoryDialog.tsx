import { lazy, Suspense, useState } from 'react';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { PageLoading } from '@/components/ui/Spinner';
import { languageOf } from '@/components/projects/fileTree';
import { errorMessage } from '@/lib/api/forms';
import { useTheme } from '@/lib/theme';
import { toast } from '@/lib/toast';
import { useRestoreVersion, useVersion, useVersions } from '../api/versions';
import { relativeTime } from '../lib/format';

const DiffView = lazy(() => import('@/components/editor/DiffView'));

/**
 * The saved versions of one file, newest first: pick one to compare it with the text in the
 * editor, and restore it (a restore is itself a new save, so it can be undone the same way).
 */
export function HistoryDialog({
  projectId,
  file,
  current,
  dirty,
  onRestored,
  onClose,
}: {
  projectId: string;
  file: { id: string; path: string };
  current: string;
  dirty: boolean;
  /** The file's text after the restore: the restored version's content. */
  onRestored(content: string): void;
  onClose(): void;
}) {
  const versions = useVersions(projectId, file.id);
  const [picked, setPicked] = useState<number | null>(null);
  const selected = picked ?? versions.data?.[1]?.versionNumber ?? versions.data?.[0]?.versionNumber ?? null;
  const version = useVersion(projectId, file.id, selected);
  const restore = useRestoreVersion(projectId, file.id);
  const { resolved } = useTheme();

  const doRestore = (n: number) => {
    const content = version.data?.versionNumber === n ? version.data.content : null;
    if (content == null) return;
    if (dirty && !window.confirm('Your unsaved changes to this file will be replaced by the restored version. Continue?')) return;
    restore.mutate(n, {
      onSuccess: () => {
        toast.success(`Restored version ${n} of ${file.path}.`);
        onRestored(content);
        onClose();
      },
    });
  };

  return (
    <Dialog title={`History of ${file.path}`} onClose={onClose} wide>
      {versions.isPending ? (
        <PageLoading label="Loading versions…" />
      ) : versions.isError ? (
        <p role="alert">{errorMessage(versions.error)}</p>
      ) : versions.data.length === 0 ? (
        <p className="text-sm">No saved versions yet: every save (Ctrl+S, or automatically every 30 s) keeps one.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-[14rem_minmax(0,1fr)]">
          <ol aria-label="Versions" className="space-y-1" data-testid="versions">
            {versions.data.map((v, i) => (
              <li key={v.versionNumber}>
                <button
                  type="button"
                  onClick={() => setPicked(v.versionNumber)}
                  aria-pressed={selected === v.versionNumber}
                  data-testid="version"
                  data-version={v.versionNumber}
                  className={`w-full rounded-md border px-3 py-2 text-left text-sm ${
                    selected === v.versionNumber
                      ? 'border-indigo-600 bg-indigo-50 dark:bg-indigo-950'
                      : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800'
                  }`}
                >
                  <span className="font-medium">Version {v.versionNumber}</span>
                  {i === 0 && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">(latest)</span>}
                  <span className="block text-xs text-slate-600 dark:text-slate-400" title={v.createdAt}>
                    {relativeTime(v.createdAt)}
                  </span>
                  {v.changeDescription && <span className="block truncate text-xs">{v.changeDescription}</span>}
                </button>
              </li>
            ))}
          </ol>
          <div className="flex min-w-0 flex-col gap-2">
            {selected != null && (
              <div className="flex flex-wrap items-center gap-2">
                <p className="mr-auto text-sm">Version {selected} (left) compared with the editor (right).</p>
                <Button onClick={() => doRestore(selected)} loading={restore.isPending} disabled={!version.data}>
                  Restore version {selected}
                </Button>
              </div>
            )}
            <div className="h-[55vh] min-h-64 overflow-hidden rounded-md border border-slate-300 dark:border-slate-700" data-testid="diff">
              {version.isError ? (
                <p role="alert" className="p-3 text-sm">
                  {errorMessage(version.error)}
                </p>
              ) : version.data ? (
                <Suspense fallback={<PageLoading label="Loading the comparison…" />}>
                  <DiffView
                    original={version.data.content}
                    modified={current}
                    language={languageOf(file.path)}
                    dark={resolved === 'dark'}
                    originalLabel={`Version ${version.data.versionNumber}`}
                    modifiedLabel={dirty ? 'Editor (unsaved)' : 'Editor'}
                  />
                </Suspense>
              ) : (
                <PageLoading label="Loading the version…" />
              )}
            </div>
          </div>
        </div>
      )}
    </Dialog>
  );
}
