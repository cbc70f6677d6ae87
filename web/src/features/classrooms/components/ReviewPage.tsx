import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { FormAlert, TextAreaField } from '@/components/ui/Field';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { applyProblemToForm, errorMessage, type FieldErrors } from '@/lib/api/forms';
import { useMe } from '@/lib/auth';
import { useComment, useResolve, useSubmission, useThreads, type Thread } from '../api';

/**
 * `/review/submission:<id>`: an attempt's code with its line comments. Reviewers (the class's teachers, paired peers)
 * pick a line and comment; the author reads and replies. Each line is a button, so the keyboard reaches every one.
 */
export function ReviewPage() {
  const { target = '' } = useParams();
  const id = target.startsWith('submission:') ? target.slice('submission:'.length) : '';
  const submission = useSubmission(id);
  const threads = useThreads(target);
  const me = useMe();
  const [line, setLine] = useState<number | null>(null);
  if (submission.isPending) return <PageLoading label="Loading the code…" />;
  if (submission.isError)
    return (
      <Page title="Review">
        <EmptyState title="Not found">{errorMessage(submission.error)}</EmptyState>
      </Page>
    );
  const s = submission.data;
  const author = me.data?.id === s.userId;
  const lines = s.code.split('\n');
  const byLine = new Map<number, Thread[]>();
  for (const t of threads.data ?? []) byLine.set(t.startLine, [...(byLine.get(t.startLine) ?? []), t]);
  return (
    <Page title={author ? 'Comments on your code' : 'Review'} wide description={`${s.language} · ${s.passed ? 'passed' : 'failing tests'}`}>
      <ol className="rounded-lg border border-slate-200 font-mono text-sm dark:border-slate-800" data-testid="review-code">
        {lines.map((text, i) => {
          const n = i + 1;
          return (
            <li key={n} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <div className="flex">
                <button
                  type="button"
                  className="w-12 flex-none px-2 text-right text-slate-600 hover:bg-indigo-50 disabled:cursor-default dark:text-slate-300 dark:hover:bg-indigo-950"
                  aria-label={`Comment on line ${n}`}
                  disabled={author}
                  onClick={() => setLine(n)}
                >
                  {n}
                </button>
                <pre className="overflow-x-auto px-2 whitespace-pre">{text || ' '}</pre>
              </div>
              {(byLine.get(n) ?? []).map((t) => (
                <ThreadView key={t.id} thread={t} target={target} />
              ))}
              {line === n && !author && <NewComment target={target} line={n} onDone={() => setLine(null)} />}
            </li>
          );
        })}
      </ol>
    </Page>
  );
}

function NewComment({ target, line, onDone }: { target: string; line: number; onDone: () => void }) {
  const comment = useComment(target);
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    comment.mutate(
      { startLine: line, endLine: line, body },
      { onSuccess: onDone, onError: (err) => setErrors(applyProblemToForm(err, ['body', 'startLine', 'endLine'])) },
    );
  };
  return (
    <form onSubmit={onSubmit} className="p-3 font-sans" noValidate>
      <TextAreaField
        label={`Your comment on line ${line}`}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={errors.body}
        autoFocus
      />
      <Button type="submit" className="mt-2" loading={comment.isPending}>
        Comment
      </Button>
      {comment.isError && Object.keys(errors).length === 0 && <FormAlert>{errorMessage(comment.error)}</FormAlert>}
    </form>
  );
}

function ThreadView({ thread, target }: { thread: Thread; target: string }) {
  const reply = useComment(target);
  const resolve = useResolve(target);
  const [body, setBody] = useState('');
  return (
    <div
      className="m-2 rounded-md border border-amber-300 bg-amber-50 p-3 font-sans text-slate-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
      data-testid="thread"
    >
      <p className="text-sm">
        <span className="font-semibold">{thread.authorUsername}</span> on line {thread.startLine}
        {thread.resolved ? ' · resolved' : ''}
      </p>
      <p className="mt-1 whitespace-pre-wrap">{thread.body}</p>
      {thread.replies.map((r) => (
        <p key={r.id} className="mt-2 border-l-2 border-amber-400 pl-2 text-sm">
          <span className="font-semibold">{r.authorUsername}:</span> {r.body}
        </p>
      ))}
      <form
        className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          reply.mutate({ body, parentId: thread.id }, { onSuccess: () => setBody('') });
        }}
      >
        <div className="flex-1">
          <TextAreaField label="Reply" rows={1} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary" loading={reply.isPending}>
          Reply
        </Button>
        <Button type="button" variant="secondary" onClick={() => resolve.mutate({ id: thread.id, resolved: !thread.resolved })}>
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </Button>
      </form>
    </div>
  );
}
