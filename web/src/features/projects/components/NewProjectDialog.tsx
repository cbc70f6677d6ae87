import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { TextAreaField, TextField } from '@/components/ui/Field';
import { languageName } from '@/components/projects/fileTree';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { useCreateProject, useTemplates } from '../api/projects';

export function NewProjectDialog({ onClose }: { onClose(): void }) {
  const templates = useTemplates();
  const create = useCreateProject();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [templateId, setTemplateId] = useState<string>('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setErrors({ title: 'Give the project a title.' });
      return;
    }
    setErrors({});
    create.mutate(
      { title: title.trim(), description: description.trim() || undefined, templateId: templateId || undefined },
      {
        onSuccess: (p) => void navigate(`/projects/${p.id}`),
        onError: (err) => setErrors(applyProblemToForm(err, ['title', 'description', 'templateId'])),
      },
    );
  };

  return (
    <Dialog
      title="New project"
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="new-project" loading={create.isPending}>
            Create project
          </Button>
        </>
      }
    >
      <form id="new-project" onSubmit={submit} className="space-y-4" noValidate>
        <TextField
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.title}
          maxLength={100}
          required
          autoFocus
        />
        <TextAreaField
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
          rows={2}
        />
        <fieldset>
          <legend className="mb-2 text-sm font-medium">Start from</legend>
          {errors.templateId && <p className="mb-2 text-sm text-red-700 dark:text-red-300">{errors.templateId}</p>}
          <div className="grid gap-2 sm:grid-cols-2">
            <label className="flex cursor-pointer gap-2 rounded-md border border-slate-300 p-3 text-sm has-checked:border-indigo-600 has-checked:ring-1 has-checked:ring-indigo-600 dark:border-slate-600">
              <input type="radio" name="template" value="" checked={templateId === ''} onChange={() => setTemplateId('')} />
              <span>
                <span className="block font-medium">Blank project</span>
                <span className="text-slate-600 dark:text-slate-400">No files yet</span>
              </span>
            </label>
            {templates.data?.map((t) => (
              <label
                key={t.id}
                className="flex cursor-pointer gap-2 rounded-md border border-slate-300 p-3 text-sm has-checked:border-indigo-600 has-checked:ring-1 has-checked:ring-indigo-600 dark:border-slate-600"
              >
                <input type="radio" name="template" value={t.id} checked={templateId === t.id} onChange={() => setTemplateId(t.id)} />
                <span>
                  <span className="block font-medium">{t.name}</span>
                  <span className="text-slate-600 dark:text-slate-400">
                    {languageName(t.language)}
                    {t.description ? ` · ${t.description}` : ''}
                  </span>
                </span>
              </label>
            ))}
          </div>
          {templates.isPending && <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Loading templates…</p>}
        </fieldset>
      </form>
    </Dialog>
  );
}
