import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { FormAlert, TextField } from '@/components/ui/Field';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { useResetPassword } from '../api/passwordReset';
import { AuthCard, linkClass } from './AuthCard';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setErrors({ confirm: 'The two passwords differ.' });
      return;
    }
    setErrors({});
    reset.mutate({ token, password }, { onError: (err) => setErrors(applyProblemToForm(err, ['password', 'token'])) });
  };

  if (!token)
    return (
      <AuthCard title="Choose a new password">
        <FormAlert>This link is missing its token. Open the link from the e-mail again, or ask for a new one.</FormAlert>
        <Link to="/forgot-password" className={`mt-4 inline-block text-sm ${linkClass}`}>
          Ask for a new link
        </Link>
      </AuthCard>
    );

  if (reset.isSuccess)
    return (
      <AuthCard title="Password changed">
        <p role="status" className="text-sm">
          Your password is changed and your other sessions were signed out.
        </p>
        <Link to="/login" className={`mt-4 inline-block text-sm ${linkClass}`}>
          Log in with the new password
        </Link>
      </AuthCard>
    );

  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormAlert>{errors.token}</FormAlert>
        <TextField
          label="New password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          autoFocus
        />
        <TextField
          label="Repeat the new password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
        />
        <Button type="submit" loading={reset.isPending} className="w-full">
          Set new password
        </Button>
      </form>
    </AuthCard>
  );
}
