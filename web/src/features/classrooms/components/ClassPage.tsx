import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { FormAlert, SelectField, TextField } from '@/components/ui/Field';
import { Card, Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { downloadFile } from '@/lib/api/download';
import { applyProblemToForm, errorMessage, type FieldErrors } from '@/lib/api/forms';
import {
  STATUS_WORDS,
  useAssignments,
  useClass,
  useCreateAssignment,
  useGrid,
  useMyAssignments,
  useRegradeStatus,
  useRotateCode,
  useStartRegrade,
  type Assignment,
  type Grid,
} from '../api';

const CELL_STYLE: Record<string, string> = {
  done: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100',
  in_progress: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  failing: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
  not_started: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100',
};

function date(iso?: string | null) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** `/classes/:id`: for its teachers the join code, the assignment editor and the grid; for students their assignments. */
export function ClassPage() {
  const { classId = '' } = useParams();
  const cls = useClass(classId);
  if (cls.isPending) return <PageLoading label="Loading the class…" />;
  if (cls.isError)
    return (
      <Page title="Class">
        <EmptyState title="Class not found">{errorMessage(cls.error)}</EmptyState>
      </Page>
    );
  const c = cls.data;
  return (
    <Page
      title={c.name}
      wide
      description={c.role === 'teacher' ? `${c.students} students` : `Teacher: ${c.teachers.map((t) => t.name).join(', ')}`}
    >
      {c.role === 'teacher' ? (
        <TeacherView classId={classId} joinCode={c.joinCode ?? ''} joinUrl={c.joinUrl ?? ''} />
      ) : (
        <StudentView classId={classId} />
      )}
    </Page>
  );
}

function StudentView({ classId }: { classId: string }) {
  const mine = useMyAssignments();
  const list = (mine.data ?? []).filter((a) => a.classId === classId);
  return (
    <section aria-labelledby="assignments">
      <h2 id="assignments" className="mb-3 text-lg font-semibold">
        My assignments
      </h2>
      {mine.isPending ? (
        <PageLoading label="Loading assignments…" />
      ) : list.length === 0 ? (
        <EmptyState title="Nothing assigned yet" />
      ) : (
        <ul className="grid gap-2" data-testid="my-assignments">
          {list.map((a) => (
            <li key={a.id} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
              <Link to={`/learn/${a.firstItemSlug ?? ''}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {a.title}
              </Link>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                {STATUS_WORDS[a.status]}
                {a.late ? ' · late' : ''}
                {a.dueAt ? ` · due ${date(a.dueAt)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TeacherView({ classId, joinCode, joinUrl }: { classId: string; joinCode: string; joinUrl: string }) {
  const rotate = useRotateCode(classId);
  return (
    <div className="grid gap-6">
      <Card title="Join code">
        <p
          className="font-mono text-3xl font-semibold tracking-widest"
          data-testid="join-code"
          aria-label={`Join code ${joinCode.split('').join(' ')}`}
        >
          {joinCode}
        </p>
        <p className="mt-2 text-sm break-all text-slate-600 dark:text-slate-300">
          Or send this link: <span data-testid="join-url">{joinUrl}</span>
        </p>
        <Button variant="secondary" className="mt-3" loading={rotate.isPending} onClick={() => rotate.mutate()}>
          New code
        </Button>
      </Card>
      <AssignmentEditor classId={classId} />
      <GridSection classId={classId} />
    </div>
  );
}

function AssignmentEditor({ classId }: { classId: string }) {
  const create = useCreateAssignment(classId);
  const assignments = useAssignments(classId);
  const [kind, setKind] = useState<'item' | 'module'>('item');
  const [target, setTarget] = useState('');
  const [due, setDue] = useState('');
  const [allowLate, setAllowLate] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    create.mutate(
      { kind, target: target.trim(), dueAt: due ? new Date(due).toISOString() : undefined, allowLate, allowedLanguages: [] },
      {
        onSuccess: () => setTarget(''),
        onError: (err) => setErrors(applyProblemToForm(err, ['kind', 'target', 'dueAt'])),
      },
    );
  };
  return (
    <Card title="Assignments">
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <SelectField label="What" value={kind} onChange={(e) => setKind(e.target.value as 'item' | 'module')} error={errors.kind}>
          <option value="item">A lesson or an exercise</option>
          <option value="module">A whole module</option>
        </SelectField>
        <TextField
          label="Slug"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          error={errors.target}
          hint="As in its address, e.g. python-ex-greeting"
        />
        <TextField label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors.dueAt} />
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" checked={allowLate} onChange={(e) => setAllowLate(e.target.checked)} />
          Accept late work (marked late)
        </label>
        <div className="sm:col-span-2">
          <Button type="submit" loading={create.isPending}>
            Assign
          </Button>
        </div>
      </form>
      {create.isError && Object.keys(errors).length === 0 && <FormAlert>{errorMessage(create.error)}</FormAlert>}
      <ul className="mt-4 grid gap-1 text-sm" data-testid="assignment-list">
        {(assignments.data ?? []).map((a) => (
          <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>
              <span className="font-medium">{a.title}</span>
              {a.dueAt ? ` · due ${date(a.dueAt)}` : ''}
              {a.allowLate ? '' : ' · late work not accepted'}
            </span>
            <RegradeButton classId={classId} assignment={a} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

/**
 * Re-grade: runs every student's attempts at the assignment again (after its exercise
 * changed), in the queue's bulk lane; the status line is announced politely as it advances.
 */
function RegradeButton({ classId, assignment }: { classId: string; assignment: Assignment }) {
  const status = useRegradeStatus(classId, assignment.id);
  const start = useStartRegrade(classId, assignment.id);
  const r = status.data;
  const running = r?.status === 'running';
  let words = '';
  if (r && running) words = `Re-grading: ${r.graded} of ${r.total}`;
  else if (r?.status === 'done')
    words = `Re-graded ${r.total}: ${r.passed} passed, ${r.failed} failed${r.errors ? `, ${r.errors} could not run` : ''}`;
  else if (r?.status === 'interrupted') words = `Re-grade interrupted after ${r.graded} of ${r.total}`;
  return (
    <span className="flex items-center gap-2">
      <Button
        variant="secondary"
        className="px-2 py-1"
        loading={start.isPending || running}
        onClick={() => start.mutate()}
        aria-label={`Re-grade ${assignment.title} for the whole class`}
        data-testid="regrade"
      >
        Re-grade
      </Button>
      <span role="status" aria-live="polite" className="text-slate-600 dark:text-slate-300" data-testid="regrade-status">
        {words}
      </span>
    </span>
  );
}

function GridSection({ classId }: { classId: string }) {
  const grid = useGrid(classId, true);
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/classes/${classId}/grid?format=csv`, 'grid.csv');
    } finally {
      setDownloading(false);
    }
  };
  return (
    <section aria-labelledby="grid-title">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h2 id="grid-title" className="text-lg font-semibold">
          Progress
        </h2>
        <Button variant="secondary" className="ml-auto" loading={downloading} onClick={() => void download()}>
          Download CSV
        </Button>
      </div>
      {grid.isPending ? (
        <PageLoading label="Loading the grid…" />
      ) : grid.isError ? (
        <FormAlert>{errorMessage(grid.error)}</FormAlert>
      ) : (
        <GridTable classId={classId} grid={grid.data} />
      )}
    </section>
  );
}

function GridTable({ classId, grid }: { classId: string; grid: Grid }) {
  if (grid.rows.length === 0) return <EmptyState title="No students yet">Give them the join code.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full border-collapse text-sm" data-testid="grid">
        <caption className="sr-only">Students and assignments</caption>
        <thead>
          <tr>
            <th scope="col" className="p-2 text-left">
              Student
            </th>
            {grid.assignments.map((a) => (
              <th key={a.id} scope="col" className="p-2 text-left">
                {a.title}
              </th>
            ))}
            <th scope="col" className="p-2 text-left">
              Stuck
            </th>
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((r) => (
            <tr key={r.student.userId} className="border-t border-slate-200 dark:border-slate-800" data-student={r.student.username}>
              <th scope="row" className="p-2 text-left font-medium">
                <Link
                  to={`/classes/${classId}/students/${r.student.userId}`}
                  className="text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {r.student.name || r.student.username}
                </Link>
              </th>
              {r.cells.map((cell) => (
                <td key={cell.assignmentId} className="p-2">
                  <span className={`inline-block rounded px-2 py-0.5 ${CELL_STYLE[cell.status]}`} data-status={cell.status}>
                    {STATUS_WORDS[cell.status]}
                    {cell.late ? ' (late)' : ''}
                  </span>
                </td>
              ))}
              <td className="p-2">
                {r.stuck ? (r.stuck.reason === 'idle' ? 'No progress lately' : `${r.stuck.failedAttempts} failed tries`) : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
