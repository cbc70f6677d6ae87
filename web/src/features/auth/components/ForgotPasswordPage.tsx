import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/Button';
import { TextField } from '@/components/ui/Field';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { useForgotPassword } from '../api/passwordReset';
import { AuthCard, linkClass } from './AuthCard';

export function ForgotPasswordPage() {
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    forgot.mutate(email.trim(), { onError: (err) => setErrors(applyProblemToForm(err, ['email'])) });
  };

  return (
    <AuthCard
      title="Reset your password"
      footer={
        <Link to="/login" className={linkClass}>
          Back to log in
        </Link>
      }
    >
      {forgot.isSuccess ? (
        <p role="status" className="text-sm">
          If an account exists for <strong>{email.trim()}</strong>, we sent it a link to choose a new password. The link works for a limited
          time.
        </p>
      ) : (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Enter the e-mail address of your account and we will send you a reset link.
          </p>
          <TextField
            label="E-mail"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            autoFocus
          />
          <Button type="submit" loading={forgot.isPending} className="w-full">
            Send reset link
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
