import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { SelectField } from '@/components/ui/Field';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { ProjectBrowser, readmeBody } from '@/components/projects/ProjectBrowser';
import { OutputConsole } from '@/components/run/OutputConsole';
import { entryCandidates, languageName } from '@/components/projects/fileTree';
import { TutorMarkdown } from '@/components/tutor/TutorMarkdown';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import type { ExecutionResult } from '@/lib/api/types';
import { useRunShowcase, useShowcase } from '../api/profile';

/** `/u/:username/:projectId`: one public project, its README and files, runnable by any visitor. */
export function ShowcasePage() {
  const { username = '', projectId = '' } = useParams();
  const showcase = useShowcase(username, projectId);
  const run = useRunShowcase(username, projectId);
  const [stdin, setStdin] = useState('');
  const [result, setResult] = useState<ExecutionResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [picked, setPicked] = useState('');

  if (showcase.isPending) return <PageLoading label="Loading the project…" />;
  if (showcase.isError)
    return (
      <Page title="Project">
        <EmptyState
          title={isApiError(showcase.error) && showcase.error.status === 404 ? 'No such public project' : 'Could not load the project'}
          action={
            <Link to={`/u/${encodeURIComponent(username)}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Back to the profile
            </Link>
          }
        >
          {errorMessage(showcase.error)}
        </EmptyState>
      </Page>
    );

  const { project, files, readme } = showcase.data;
  const entries = entryCandidates(files.map((f) => f.path));
  // The owner's entry file unless the visitor picks another runnable file.
  const ownerEntry = project.entryPath ?? project.entry ?? entries[0] ?? '';
  const runEntry = entries.includes(picked) ? picked : ownerEntry;

  const doRun = () => {
    setRunError(null);
    run.mutate(runEntry === ownerEntry ? { stdin } : { stdin, entry: runEntry }, {
      onSuccess: setResult,
      onError: (err) => {
        setResult(null);
        setRunError(
          isApiError(err) && err.status === 429
            ? `Visitors can run projects a few times a minute. ${err.retryAfter ? `Try again in ${err.retryAfter} s.` : 'Try again shortly.'}`
            : errorMessage(err),
        );
      },
    });
  };

  return (
    <Page title={project.title} description={project.description ?? undefined} wide>
      <p className="-mt-4 mb-4 text-sm text-slate-600 dark:text-slate-400">
        <Link to={`/u/${encodeURIComponent(username)}`} className="text-indigo-700 underline dark:text-indigo-300">
          @{username}
        </Link>{' '}
        · {languageName(project.language)} · {files.length} files
      </p>
      {readme && (
        <section aria-label="README" className="mb-6 rounded-md border border-slate-200 p-4 dark:border-slate-800">
          <TutorMarkdown>{readmeBody(readme, project.title)}</TutorMarkdown>
        </section>
      )}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <ProjectBrowser files={files} entry={project.entryPath ?? project.entry} />
        <section aria-label="Run" className="flex min-w-0 flex-col gap-3">
          <div className="flex flex-wrap items-center gap-2">
            {entries.length > 1 ? (
              <div className="min-w-0 flex-1">
                <SelectField label="File to run" value={runEntry} onChange={(e) => setPicked(e.target.value)}>
                  {entries.map((e) => (
                    <option key={e} value={e}>
                      {e}
                      {e === ownerEntry ? ' (entry)' : ''}
                    </option>
                  ))}
                </SelectField>
              </div>
            ) : (
              <p className="min-w-0 flex-1 text-sm" data-testid="showcase-entry">
                {runEntry ? (
                  <>
                    Runs <code className="font-mono">{runEntry}</code>
                  </>
                ) : (
                  'Nothing to run in this project.'
                )}
              </p>
            )}
            <Button onClick={doRun} loading={run.isPending} disabled={!runEntry}>
              Run
            </Button>
          </div>
          <div>
            <label htmlFor="showcase-stdin" className="block text-sm font-medium">
              Standard input (stdin)
            </label>
            <textarea
              id="showcase-stdin"
              rows={3}
              value={stdin}
              onChange={(e) => setStdin(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            />
          </div>
          <OutputConsole result={result} running={run.isPending} error={runError} idleHint="Run the project to see its output here." />
        </section>
      </div>
    </Page>
  );
}
