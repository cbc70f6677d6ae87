import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { FormAlert, TextField } from '@/components/ui/Field';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { isApiError, messageWithWait } from '@/lib/api/problem';
import { safeNext } from '@/lib/navigation';
import { useLogin } from '../api/login';
import { AuthCard, linkClass } from './AuthCard';

const FIELDS = ['email', 'password'] as const;

export function LoginPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const login = useLogin();
  const prefill = (location.state as { email?: string } | null)?.email ?? '';
  const [email, setEmail] = useState(prefill);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
        onError: (err) => {
          // Wrong credentials and lock-outs belong next to the form, not in a passing toast.
          // A refusal (429: a lock-out or a request budget) says how long to wait, in words.
          if (isApiError(err) && (err.status === 401 || err.status === 429)) {
            setFormError(messageWithWait(err));
            return;
          }
          setErrors(applyProblemToForm(err, FIELDS));
        },
      },
    );
  };

  return (
    <AuthCard
      title="Log in"
      footer={
        <>
          New here?{' '}
          <Link to={params.get('next') ? `/register?next=${encodeURIComponent(params.get('next')!)}` : '/register'} className={linkClass}>
            Create an account
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormAlert>{formError}</FormAlert>
        <TextField
          label="E-mail"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          autoFocus={!prefill}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          autoFocus={!!prefill}
        />
        <div className="flex items-center justify-between gap-4">
          <Link to="/forgot-password" className={`text-sm ${linkClass}`}>
            Forgot your password?
          </Link>
          <Button type="submit" loading={login.isPending}>
            Log in
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
