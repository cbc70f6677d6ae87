import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { FormAlert, SelectField, TextField } from '@/components/ui/Field';
import { applyProblemToForm, errorMessage, type FieldErrors } from '@/lib/api/forms';
import { toast } from '@/lib/toast';
import { useCollaborators, usePutCollaborator, useRemoveCollaborator, type CollaboratorRole } from '../api/collaborators';
import type { Project } from '../api/types';

const ROLE_HINT: Record<CollaboratorRole, string> = {
  editor: 'types with you, live',
  viewer: 'follows along, read-only',
};

/** The owner's list of who may open the project: invite by username, change a role, revoke. */
export function CollaboratorsDialog({
  project,
  onClose,
  beforeFirstInvite,
}: {
  project: Project;
  onClose(): void;
  /**
   * Runs before the first person is invited: the files then go live from what the server has, so
   * unsaved edits are saved first (false: they could not be, and nobody is invited).
   */
  beforeFirstInvite?: () => Promise<boolean>;
}) {
  const list = useCollaborators(project.id);
  const put = usePutCollaborator(project.id);
  const remove = useRemoveCollaborator(project.id);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<CollaboratorRole>('editor');
  const [errors, setErrors] = useState<FieldErrors>({});

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim().replace(/^@/, '');
    if (!name) {
      setErrors({ username: 'Enter the username of the person to invite.' });
      return;
    }
    setErrors({});
    if ((list.data?.length ?? 0) === 0 && beforeFirstInvite && !(await beforeFirstInvite())) {
      toast.error('Your unsaved changes could not be saved, so nobody was invited yet. Save them and try again.');
      return;
    }
    put.mutate(
      { username: name, role },
      {
        onSuccess: (c) => {
          setUsername('');
          toast.success(`${c.name || c.username} can now open this project as ${c.role}.`);
        },
        onError: (err) => setErrors(applyProblemToForm(err, ['username', 'role'])),
      },
    );
  };

  const people = list.data ?? [];
  return (
    <Dialog title="Collaborators" onClose={onClose}>
      <div className="space-y-4 text-sm">
        <p className="text-slate-700 dark:text-slate-300">
          People you invite open this project from their own project list. Editors type with you in the same file, live; viewers follow
          along read-only. Revoking someone closes their open editor at once.
        </p>
        <form onSubmit={(e) => void invite(e)} className="flex flex-wrap items-end gap-2" noValidate>
          <div className="min-w-40 flex-1">
            <TextField
              label="Username"
              name="username"
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              error={errors.username}
            />
          </div>
          <div className="w-32">
            <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as CollaboratorRole)} error={errors.role}>
              <option value="editor">Editor</option>
              <option value="viewer">Viewer</option>
            </SelectField>
          </div>
          <Button type="submit" loading={put.isPending}>
            Invite
          </Button>
        </form>
        {list.isError && <FormAlert>{errorMessage(list.error)}</FormAlert>}
        <section aria-labelledby="collaborators-heading">
          <h3 id="collaborators-heading" className="mb-2 font-semibold">
            {people.length === 0 ? 'Nobody else yet' : `${people.length} ${people.length === 1 ? 'person' : 'people'} besides you`}
          </h3>
          <ul className="divide-y divide-slate-200 dark:divide-slate-700" data-testid="collaborators">
            {people.map((c) => (
              <li key={c.username} className="flex flex-wrap items-center gap-2 py-2">
                <span className="mr-auto min-w-0">
                  <span className="font-medium">{c.name || c.username}</span>{' '}
                  <span className="text-slate-600 dark:text-slate-400">@{c.username}</span>
                </span>
                <label className="sr-only" htmlFor={`role-${c.username}`}>
                  Role of {c.username}
                </label>
                <select
                  id={`role-${c.username}`}
                  value={c.role}
                  disabled={put.isPending}
                  onChange={(e) =>
                    put.mutate(
                      { username: c.username, role: e.target.value as CollaboratorRole },
                      {
                        onSuccess: (n) =>
                          toast.success(`${n.name || n.username} is now ${n.role === 'editor' ? 'an editor' : 'a viewer'}.`),
                      },
                    )
                  }
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
                  title={ROLE_HINT[c.role as CollaboratorRole]}
                >
                  <option value="editor">Editor</option>
                  <option value="viewer">Viewer</option>
                </select>
                <Button
                  variant="danger"
                  className="px-2 py-1 text-xs"
                  aria-label={`Revoke ${c.username}`}
                  loading={remove.isPending && remove.variables === c.username}
                  onClick={() =>
                    remove.mutate(c.username, {
                      onSuccess: () => toast.success(`${c.name || c.username} can no longer open this project.`),
                    })
                  }
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Dialog>
  );
}
