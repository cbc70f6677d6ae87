import { useParams } from 'react-router';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { ProjectBrowser, readmeBody, readmeOf } from '@/components/projects/ProjectBrowser';
import { languageName } from '@/components/projects/fileTree';
import { TutorMarkdown } from '@/components/tutor/TutorMarkdown';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { useShared } from '../api/share';

/** `/s/:token`: a project someone shared by link, read-only, no login needed. */
export function SharedProjectPage() {
  const { token = '' } = useParams();
  const shared = useShared(token);
  if (shared.isPending) return <PageLoading label="Opening the shared project…" />;
  if (shared.isError)
    return (
      <Page title="Shared project">
        <EmptyState
          title={isApiError(shared.error) && shared.error.status === 404 ? 'This link does not work' : 'Could not open the project'}
        >
          {isApiError(shared.error) && shared.error.status === 404
            ? 'The link is wrong, or its owner revoked it.'
            : errorMessage(shared.error)}
        </EmptyState>
      </Page>
    );
  const { project } = shared.data;
  const files = shared.data.files.map((f) => ({ path: f.path, content: f.content ?? '' }));
  const readme = readmeOf(files);
  return (
    <Page title={project.title} description={project.description ?? undefined} wide>
      <p className="-mt-4 mb-4 text-sm text-slate-600 dark:text-slate-400">
        {languageName(project.language)} · {files.length} files · shared read-only
      </p>
      {readme && (
        <section aria-label="README" className="mb-6 rounded-md border border-slate-200 p-4 dark:border-slate-800">
          <TutorMarkdown>{readmeBody(readme, project.title)}</TutorMarkdown>
        </section>
      )}
      <ProjectBrowser files={files} entry={project.entryPath} />
    </Page>
  );
}
