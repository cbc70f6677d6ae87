import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert, TextField } from '@/components/ui/Field';
import { Card } from '@/components/ui/Page';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { toast } from '@/lib/toast';
import { useChangePassword } from '../api/changePassword';

export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
          toast.success('Password changed. Your other sessions were signed out.');
        },
        onError: (err) => {
          if (isApiError(err) && !err.fields && (err.status === 401 || err.status === 403)) setFormError(err.message);
          else setErrors(applyProblemToForm(err, ['currentPassword', 'newPassword']));
        },
      },
    );
  };

  return (
    <Card title="Change password">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormAlert>{formError}</FormAlert>
        <TextField
          label="Current password"
          type="password"
          name="currentPassword"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.currentPassword}
        />
        <TextField
          label="New password"
          type="password"
          name="newPassword"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={errors.newPassword}
        />
        <div className="flex justify-end">
          <Button type="submit" loading={change.isPending} disabled={!currentPassword || !newPassword}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
