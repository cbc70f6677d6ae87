import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/Field';
import { Card } from '@/components/ui/Page';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import type { User } from '@/lib/api/types';
import { toast } from '@/lib/toast';
import { useUpdateMe, type ProfilePatch } from '../api/updateMe';
import { useResendVerification } from '../api/resendVerification';

const FIELDS = ['firstName', 'lastName', 'username', 'bio', 'githubUsername', 'linkedinUrl', 'skillLevel'] as const;
type FormState = Record<(typeof FIELDS)[number], string>;

function fromUser(u: User): FormState {
  return {
    firstName: u.firstName ?? '',
    lastName: u.lastName ?? '',
    username: u.username ?? '',
    bio: u.bio ?? '',
    githubUsername: u.githubUsername ?? '',
    linkedinUrl: u.linkedinUrl ?? '',
    skillLevel: u.skillLevel ?? 'beginner',
  };
}

/** Only what changed is sent; the server reads an empty string as "clear this optional field". */
export function diffProfile(before: FormState, after: FormState): ProfilePatch {
  const patch: ProfilePatch = {};
  for (const k of FIELDS) {
    const a = after[k].trim();
    if (a !== before[k].trim()) patch[k] = a;
  }
  return patch;
}

export function ProfileForm({ user }: { user: User }) {
  const update = useUpdateMe();
  const [initial, setInitial] = useState(() => fromUser(user));
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const patch = diffProfile(initial, form);
  const dirty = Object.keys(patch).length > 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    update.mutate(patch, {
      onSuccess: () => {
        setInitial(form);
        toast.success('Profile saved.');
      },
      onError: (err) => setErrors(applyProblemToForm(err, FIELDS)),
    });
  };

  return (
    <Card title="Profile">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Signed in as <strong>{user.email}</strong>
          {user.emailVerified ? ' (verified)' : ' (not verified yet)'}
        </p>
        {!user.emailVerified && <ResendVerification />}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="First name"
            name="firstName"
            autoComplete="given-name"
            value={form.firstName}
            onChange={set('firstName')}
            error={errors.firstName}
          />
          <TextField
            label="Last name"
            name="lastName"
            autoComplete="family-name"
            value={form.lastName}
            onChange={set('lastName')}
            error={errors.lastName}
          />
        </div>
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          value={form.username}
          onChange={set('username')}
          error={errors.username}
        />
        <TextAreaField label="Bio" name="bio" rows={3} value={form.bio} onChange={set('bio')} error={errors.bio} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="GitHub username"
            name="githubUsername"
            value={form.githubUsername}
            onChange={set('githubUsername')}
            error={errors.githubUsername}
          />
          <TextField
            label="LinkedIn URL"
            name="linkedinUrl"
            type="url"
            value={form.linkedinUrl}
            onChange={set('linkedinUrl')}
            error={errors.linkedinUrl}
          />
        </div>
        <SelectField label="Skill level" name="skillLevel" value={form.skillLevel} onChange={set('skillLevel')} error={errors.skillLevel}>
          <option value="beginner">Beginner</option>
          <option value="intermediate">Intermediate</option>
          <option value="advanced">Advanced</option>
        </SelectField>
        <div className="flex justify-end">
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}

function ResendVerification() {
  const resend = useResendVerification();
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300">
      Verify your address to publish projects and a public profile.{' '}
      {resend.isSuccess ? (
        <span role="status">We sent a new link: check your inbox.</span>
      ) : (
        <Button variant="secondary" className="ml-1 px-2 py-1" loading={resend.isPending} onClick={() => resend.mutate()}>
          Send the link again
        </Button>
      )}
    </p>
  );
}
