import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { FormAlert, TextField } from '@/components/ui/Field';
import { Card } from '@/components/ui/Page';
import { errorMessage } from '@/lib/api/forms';
import { isApiError, messageWithWait } from '@/lib/api/problem';
import type { User } from '@/lib/api/types';
import { toast } from '@/lib/toast';
import { exportMyData, useDeleteAccount, useSetProfilePublic } from '../api/dataRights';

export function PublicProfileToggle({ user }: { user: User }) {
  const set = useSetProfilePublic();
  // Shown as chosen at once; put back if the server refuses (an unverified e-mail address).
  const [checked, setChecked] = useState(user.isPublic);
  const [alert, setAlert] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <div className="flex items-start gap-2">
        <input
          id="profile-public"
          aria-describedby="profile-public-hint"
          type="checkbox"
          className="mt-1 h-4 w-4"
          checked={checked}
          disabled={set.isPending}
          onChange={(e) => {
            const next = e.target.checked;
            setAlert(null);
            setChecked(next);
            set.mutate(next, {
              onSuccess: () => toast.success(next ? 'Your profile is public.' : 'Your profile is private.'),
              onError: (err) => {
                setChecked(!next);
                setAlert(errorMessage(err));
              },
            });
          }}
        />
        <div className="text-sm">
          <label htmlFor="profile-public" className="font-medium">
            Public profile
          </label>
          <p id="profile-public-hint" className="text-slate-600 dark:text-slate-400">
            Anyone can see your portfolio at /u/{user.username}: name, bio, skills, public projects and activity. Needs a verified e-mail
            address.
          </p>
        </div>
      </div>
      <FormAlert>{alert}</FormAlert>
    </div>
  );
}

function DeleteAccountDialog({ onClose }: { onClose(): void }) {
  const del = useDeleteAccount();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    setFieldError(undefined);
    setError(null);
    del.mutate(password, {
      onSuccess: () => {
        toast.success('Your account is deleted.');
        void navigate('/login', { replace: true });
      },
      onError: (e) => {
        // A wrong password comes back as a field error: show it under the field, keep the dialog open.
        if (isApiError(e) && e.fields?.password) setFieldError(`Password ${e.fields.password}.`);
        else setError(isApiError(e) ? messageWithWait(e) : errorMessage(e));
      },
    });
  };
  return (
    <Dialog
      title="Delete your account?"
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" disabled={password === ''} loading={del.isPending} onClick={submit}>
            Delete my account
          </Button>
        </>
      }
    >
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== '') submit();
        }}
      >
        <p>
          You are logged out everywhere and your profile disappears at once. After 30 days everything is erased for good: progress,
          projects, tutor conversations. Download your data first if you want to keep it.
        </p>
        <TextField
          label="Your password, to confirm"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError}
        />
        <FormAlert>{error}</FormAlert>
      </form>
    </Dialog>
  );
}

export function DataRightsCard({ user }: { user: User }) {
  const [exporting, setExporting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <Card title="Your data">
      <div className="space-y-6">
        <PublicProfileToggle user={user} />
        <div>
          <h3 className="text-sm font-semibold">Download my data</h3>
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
            A zip of your profile, progress, runs, tutor conversations and projects.
          </p>
          <Button
            variant="secondary"
            loading={exporting}
            onClick={() => {
              setExporting(true);
              exportMyData()
                .then((name) => toast.success(`Downloading ${name}.`))
                .catch((e) => toast.error(errorMessage(e)))
                .finally(() => setExporting(false));
            }}
          >
            Download my data
          </Button>
        </div>
        <div>
          <h3 className="text-sm font-semibold text-red-800 dark:text-red-300">Delete account</h3>
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
            Removes your account; it can be recovered by support for 30 days, then it is gone.
          </p>
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete account…
          </Button>
        </div>
      </div>
      {deleting && <DeleteAccountDialog onClose={() => setDeleting(false)} />}
    </Card>
  );
}
