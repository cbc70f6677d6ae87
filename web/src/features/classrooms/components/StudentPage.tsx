import { Link, useParams } from 'react-router';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { STATUS_WORDS, useStudent } from '../api';

function minutes(seconds: number) {
  return `${Math.round(seconds / 60)} min`;
}

/** `/classes/:classId/students/:userId`: one student's work on the class's assignments (teachers). */
export function StudentPage() {
  const { classId = '', userId = '' } = useParams();
  const detail = useStudent(classId, userId);
  if (detail.isPending) return <PageLoading label="Loading the student…" />;
  if (detail.isError)
    return (
      <Page title="Student">
        <EmptyState title="Student not found">{errorMessage(detail.error)}</EmptyState>
      </Page>
    );
  const d = detail.data;
  return (
    <Page title={d.student.name || d.student.username} description={<Link to={`/classes/${classId}`}>Back to the class</Link>}>
      <dl className="grid grid-cols-3 gap-3 text-center">
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-300">Time spent</dt>
          <dd className="text-xl font-semibold">{minutes(d.timeSpentSeconds)}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-300">Attempts</dt>
          <dd className="text-xl font-semibold">{d.attempts}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-300">Tutor questions</dt>
          <dd className="text-xl font-semibold">{d.tutorQuestions}</dd>
        </div>
      </dl>
      <ul className="mt-6 grid gap-3">
        {d.assignments.map((a) => (
          <li key={a.assignmentId} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
            <p className="font-medium">{a.title}</p>
            <p className="text-sm">
              {STATUS_WORDS[a.cell.status]}
              {a.cell.late ? ' · late' : ''} · {a.cell.attempts} attempts
            </p>
            {a.lastFailingMessage && (
              <p className="mt-1 text-sm text-red-800 dark:text-red-200">Last failing test: {a.lastFailingMessage}</p>
            )}
            {a.lastFailedSubmissionId && (
              <Link
                to={`/review/submission:${a.lastFailedSubmissionId}`}
                className="mt-1 inline-block text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
              >
                Review the failing attempt
              </Link>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
