import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { FormAlert, SelectField, TextAreaField, TextField } from '@/components/ui/Field';
import { isApiError } from '@/lib/api/problem';
import { applyProblemToForm, errorMessage, type FieldErrors } from '@/lib/api/forms';
import { toast } from '@/lib/toast';
import { useDeleteProject, useUpdateProject } from '../api/projects';
import type { Project } from '../api/types';
import { stackList } from '../lib/format';

export function SettingsDialog({ project, entries, onClose }: { project: Project; entries: string[]; onClose(): void }) {
  const update = useUpdateProject(project.id);
  const del = useDeleteProject();
  const navigate = useNavigate();
  const [title, setTitle] = useState(project.title);
  const [description, setDescription] = useState(project.description ?? '');
  const [stack, setStack] = useState(stackList(project.technologyStack).join(', '));
  const [isPublic, setIsPublic] = useState(project.isPublic);
  const [entry, setEntry] = useState(project.entryPath ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  // Publishing can be refused as a whole (unverified e-mail): the server's words, in the form.
  const [alert, setAlert] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAlert(null);
    if (!title.trim()) {
      setErrors({ title: 'Give the project a title.' });
      return;
    }
    setErrors({});
    update.mutate(
      {
        title: title.trim(),
        description: description.trim() || null,
        technologyStack: stack
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        isPublic,
        ...(entry && entry !== project.entryPath ? { entryPath: entry } : {}),
      },
      {
        onSuccess: () => {
          toast.success('Project settings saved.');
          onClose();
        },
        onError: (err) => {
          if (isApiError(err) && (err.status === 403 || !err.fields)) {
            setAlert(errorMessage(err));
            return;
          }
          setErrors(applyProblemToForm(err, ['title', 'description', 'technologyStack', 'isPublic', 'entryPath']));
        },
      },
    );
  };

  const moveToTrash = () => {
    if (!window.confirm(`Move "${project.title}" to the trash? You can restore it for 30 days.`)) return;
    del.mutate(project.id, {
      onSuccess: () => {
        toast.success(`${project.title} moved to the trash.`);
        void navigate('/projects');
      },
    });
  };

  return (
    <Dialog
      title="Project settings"
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" className="mr-auto" loading={del.isPending} onClick={moveToTrash}>
            Move to trash
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="project-settings" loading={update.isPending}>
            Save settings
          </Button>
        </>
      }
    >
      <form id="project-settings" onSubmit={submit} className="space-y-4" noValidate>
        <FormAlert>{alert}</FormAlert>
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} maxLength={100} />
        <TextAreaField
          label="Description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        <TextField
          label="Technologies"
          value={stack}
          onChange={(e) => setStack(e.target.value)}
          error={errors.technologyStack}
          hint="Separated by commas: Python, CLI"
        />
        {entries.length > 0 && (
          <SelectField
            label="Entry point"
            value={entry}
            onChange={(e) => setEntry(e.target.value)}
            error={errors.entryPath}
            hint="The file Run starts by default"
          >
            {!entry && <option value="">Chosen by the server</option>}
            {entries.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
        )}
        <div className="flex items-start gap-2">
          <input
            id="project-public"
            aria-describedby="project-public-hint"
            type="checkbox"
            checked={isPublic}
            onChange={(e) => setIsPublic(e.target.checked)}
            className="mt-1 h-4 w-4"
          />
          <div className="text-sm">
            <label htmlFor="project-public" className="font-medium">
              Public
            </label>
            <p id="project-public-hint" className="text-slate-600 dark:text-slate-400">
              Shown on your portfolio, where anyone can read and run it. Needs a verified e-mail address.
            </p>
          </div>
        </div>
        {errors.isPublic && <p className="text-sm text-red-700 dark:text-red-300">{errors.isPublic}</p>}
      </form>
    </Dialog>
  );
}
