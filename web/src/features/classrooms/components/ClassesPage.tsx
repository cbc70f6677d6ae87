import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { FormAlert, TextField } from '@/components/ui/Field';
import { Card, Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { applyProblemToForm, errorMessage, type FieldErrors } from '@/lib/api/forms';
import { useMe } from '@/lib/auth';
import { useBecomeTeacher, useClasses, useCreateClass, useJoinClass } from '../api';

/** `/classes` (and `/classes/join?code=…`): the caller's classes, joining one, and for teachers creating one. */
export function ClassesPage() {
  const me = useMe();
  const classes = useClasses();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const join = useJoinClass();
  const create = useCreateClass();
  const become = useBecomeTeacher();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [name, setName] = useState('');
  const [joinErrors, setJoinErrors] = useState<FieldErrors>({});
  const [createErrors, setCreateErrors] = useState<FieldErrors>({});
  const teacher = me.data?.role === 'teacher' || me.data?.role === 'admin';

  const onJoin = (e: FormEvent) => {
    e.preventDefault();
    setJoinErrors({});
    join.mutate(code, {
      onSuccess: (c) => void navigate(`/classes/${c.id}`),
      onError: (err) => setJoinErrors(applyProblemToForm(err, ['code'])),
    });
  };
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    setCreateErrors({});
    create.mutate(name, {
      onSuccess: (c) => void navigate(`/classes/${c.id}`),
      onError: (err) => setCreateErrors(applyProblemToForm(err, ['name'])),
    });
  };

  return (
    <Page title="Classes" description="Join your teacher's class with its code, or run your own.">
      <div className="grid gap-6">
        <Card title="Join a class">
          <form onSubmit={onJoin} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
            <div className="flex-1">
              <TextField
                label="Join code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoCapitalize="characters"
                autoComplete="off"
                error={joinErrors.code}
                hint="Eight letters and digits, from your teacher."
              />
            </div>
            <Button type="submit" loading={join.isPending}>
              Join
            </Button>
          </form>
        </Card>

        {teacher ? (
          <Card title="Create a class">
            <form onSubmit={onCreate} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
              <div className="flex-1">
                <TextField label="Class name" value={name} onChange={(e) => setName(e.target.value)} error={createErrors.name} />
              </div>
              <Button type="submit" loading={create.isPending}>
                Create class
              </Button>
            </form>
            {create.isError && !createErrors.name && <FormAlert>{errorMessage(create.error)}</FormAlert>}
          </Card>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Teaching? An administrator gives you the teacher role —{' '}
            <button type="button" className="font-medium text-indigo-700 underline dark:text-indigo-300" onClick={() => become.mutate()}>
              or become a teacher
            </button>{' '}
            where this server allows it.
            {become.isError && <span role="alert"> {errorMessage(become.error)}</span>}
          </p>
        )}

        <section aria-labelledby="my-classes">
          <h2 id="my-classes" className="mb-3 text-lg font-semibold">
            My classes
          </h2>
          {classes.isPending ? (
            <PageLoading label="Loading your classes…" />
          ) : !classes.data?.length ? (
            <EmptyState title="No classes yet">Join one with the code your teacher gave you.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
              {classes.data.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-3 p-3">
                  <Link to={`/classes/${c.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                    {c.name}
                  </Link>
                  <span className="text-sm text-slate-600 dark:text-slate-300">
                    {c.role === 'teacher' ? `Teacher · ${c.students} students` : 'Student'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Page>
  );
}
