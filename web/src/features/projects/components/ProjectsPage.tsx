import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { languageName } from '@/components/projects/fileTree';
import { errorMessage } from '@/lib/api/forms';
import { toast } from '@/lib/toast';
import { useProjects, useRestoreProject, useTrash } from '../api/projects';
import { useImportProject } from '../api/transfer';
import type { Project } from '../api/types';
import { daysLeft, relativeTime } from '../lib/format';
import { NewProjectDialog } from './NewProjectDialog';

function ProjectCard({ p }: { p: Project }) {
  return (
    <li
      data-testid="project-card"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-start gap-2">
        <h2 className="min-w-0 flex-1 truncate text-base font-semibold">
          <Link to={`/projects/${p.id}`} className="hover:underline">
            {p.title}
          </Link>
        </h2>
        {p.isPublic && (
          <span className="rounded bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900 dark:bg-green-900 dark:text-green-100">
            Public
          </span>
        )}
        {p.sharedRole && (
          <span
            className="rounded bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100"
            data-testid="shared-role"
          >
            Shared with you · {p.sharedRole === 'viewer' ? 'viewer' : 'editor'}
          </span>
        )}
      </div>
      {p.description && <p className="mt-1 line-clamp-2 text-sm text-slate-600 dark:text-slate-300">{p.description}</p>}
      <dl className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <div>
          <dt className="sr-only">Language</dt>
          <dd>{languageName(p.language)}</dd>
        </div>
        <div>
          <dt className="sr-only">Size</dt>
          <dd>
            {p.fileCount} {p.fileCount === 1 ? 'file' : 'files'} · {p.lineCount} {p.lineCount === 1 ? 'line' : 'lines'}
          </dd>
        </div>
        <div>
          <dt className="sr-only">Last activity</dt>
          <dd title={p.lastActivityAt ?? undefined}>active {relativeTime(p.lastActivityAt ?? p.updatedAt ?? p.createdAt)}</dd>
        </div>
      </dl>
    </li>
  );
}

function Trash() {
  const trash = useTrash();
  const restore = useRestoreProject();
  if (trash.isPending) return <PageLoading label="Loading the trash…" />;
  if (trash.isError) return <EmptyState title="Could not load the trash">{errorMessage(trash.error)}</EmptyState>;
  if (trash.data.length === 0) return <EmptyState title="The trash is empty">Deleted projects stay here for 30 days.</EmptyState>;
  return (
    <ul
      className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
      data-testid="trash"
    >
      {trash.data.map((p) => {
        const left = daysLeft(p.deletedAt, p.purgeAt);
        return (
          <li key={p.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">{p.title}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                Deleted {relativeTime(p.deletedAt)}
                {left != null ? ` · purged in ${left} ${left === 1 ? 'day' : 'days'}` : ''}
              </p>
            </div>
            <Button
              variant="secondary"
              loading={restore.isPending && restore.variables === p.id}
              onClick={() => restore.mutate(p.id, { onSuccess: () => toast.success(`${p.title} is back.`) })}
              aria-label={`Restore ${p.title}`}
            >
              Restore
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

export function ProjectsPage() {
  const projects = useProjects();
  const [view, setView] = useState<'all' | 'trash'>('all');
  const [creating, setCreating] = useState(false);
  const importer = useImportProject();
  const fileInput = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();

  const onImport = (file: File | undefined) => {
    if (!file) return;
    importer.mutate(
      { file },
      {
        onSuccess: (p) => {
          toast.success(`Imported ${p.title}.`);
          void navigate(`/projects/${p.id}`);
        },
      },
    );
  };

  return (
    <Page title="Projects" description="Multi-file programs with version history, sharing and export." wide>
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <div role="tablist" aria-label="Projects view" className="mr-auto flex gap-1 rounded-md bg-slate-100 p-1 dark:bg-slate-800">
          {(['all', 'trash'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              onClick={() => setView(v)}
              className={`rounded px-3 py-1 text-sm font-medium ${view === v ? 'bg-white shadow-sm dark:bg-slate-950' : 'text-slate-700 dark:text-slate-300'}`}
            >
              {v === 'all' ? 'My projects' : 'Trash'}
            </button>
          ))}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept=".zip,application/zip"
          className="hidden"
          onChange={(e) => onImport(e.target.files?.[0])}
          aria-label="Zip file to import"
        />
        <Button variant="secondary" loading={importer.isPending} onClick={() => fileInput.current?.click()}>
          Import zip
        </Button>
        <Button onClick={() => setCreating(true)}>New project</Button>
      </div>
      {view === 'trash' ? (
        <Trash />
      ) : projects.isPending ? (
        <PageLoading label="Loading projects…" />
      ) : projects.isError ? (
        <EmptyState title="Could not load your projects" action={<Button onClick={() => void projects.refetch()}>Try again</Button>}>
          {errorMessage(projects.error)}
        </EmptyState>
      ) : projects.data.length === 0 ? (
        <EmptyState title="No projects yet" action={<Button onClick={() => setCreating(true)}>Create your first project</Button>}>
          Start blank or from a template for Python, JavaScript, Java or C++.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {projects.data.map((p) => (
            <ProjectCard key={p.id} p={p} />
          ))}
        </ul>
      )}
      {creating && <NewProjectDialog onClose={() => setCreating(false)} />}
    </Page>
  );
}
