import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { ProjectBrowser, readmeBody, readmeOf } from '@/components/projects/ProjectBrowser';
import { languageName } from '@/components/projects/fileTree';
import { TutorMarkdown } from '@/components/tutor/TutorMarkdown';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { useMe } from '@/lib/auth';
import { toast } from '@/lib/toast';
import { useCopyShared, useShared } from '../api/share';
import type { SharedProject } from '../api/types';

const linkClass = 'font-medium text-indigo-700 underline dark:text-indigo-300';

/** Who shared it: the name and username, linked to the profile only when the profile is public. */
function Author({ author }: { author: SharedProject['author'] }) {
  const label = (
    <>
      {author.name || author.username} <span className="text-slate-600 dark:text-slate-400">(@{author.username})</span>
    </>
  );
  return (
    <span data-testid="shared-author">
      Shared by{' '}
      {author.profileUrl ? (
        <Link to={author.profileUrl} className={linkClass}>
          {label}
        </Link>
      ) : (
        <span className="font-medium text-slate-900 dark:text-slate-100">{label}</span>
      )}
    </span>
  );
}

/**
 * "Copy to my projects": a signed-in learner gets a private copy and lands in its editor; a visitor
 * is sent to log in or register and comes back to this page.
 */
function CopyAction({ token }: { token: string }) {
  const me = useMe();
  const copy = useCopyShared(token);
  const navigate = useNavigate();
  if (me.isPending) return null;
  if (!me.data) {
    const next = encodeURIComponent(`/s/${token}`);
    return (
      <p className="text-sm" data-testid="copy-signin">
        <Link to={`/login?next=${next}`} className={linkClass}>
          Log in
        </Link>{' '}
        or{' '}
        <Link to={`/register?next=${next}`} className={linkClass}>
          create an account
        </Link>{' '}
        to copy this project into your own.
      </p>
    );
  }
  const onCopy = () =>
    copy.mutate(undefined, {
      onSuccess: (project) => {
        toast.success(`“${project.title}” is now one of your projects: a private copy you can change.`);
        navigate(`/projects/${encodeURIComponent(project.id)}`);
      },
      onError: (err) => toast.error(errorMessage(err)),
    });
  return (
    <Button onClick={onCopy} loading={copy.isPending}>
      Copy to my projects
    </Button>
  );
}

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
  const { project, author } = shared.data;
  const files = shared.data.files.map((f) => ({ path: f.path, content: f.content ?? '' }));
  const readme = readmeOf(files);
  return (
    <Page title={project.title} description={project.description ?? undefined} wide>
      <div className="-mt-4 mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Author author={author} /> · {languageName(project.language)} · {files.length} {files.length === 1 ? 'file' : 'files'} · read-only
        </p>
        <CopyAction token={token} />
      </div>
      {readme && (
        <section aria-label="README" className="mb-6 rounded-md border border-slate-200 p-4 dark:border-slate-800">
          <TutorMarkdown>{readmeBody(readme, project.title)}</TutorMarkdown>
        </section>
      )}
      <ProjectBrowser files={files} entry={project.entryPath} />
    </Page>
  );
}
