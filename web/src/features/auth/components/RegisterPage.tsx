import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/Button';
import { TextField } from '@/components/ui/Field';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';
import { safeNext } from '@/lib/navigation';
import { toast } from '@/lib/toast';
import { useLogin } from '../api/login';
import { useRegister, type RegisterInput } from '../api/register';
import { AuthCard, linkClass } from './AuthCard';

const FIELDS = ['email', 'password', 'firstName', 'lastName', 'username'] as const;

export function RegisterPage() {
  const navigate = useNavigate();
  // Where the visitor was heading (a shared project they want to copy): back there after.
  const [params] = useSearchParams();
  const next = params.get('next');
  const register = useRegister();
  const login = useLogin();
  const [form, setForm] = useState<Record<'email' | 'password' | 'firstName' | 'lastName' | 'username', string>>({
    email: '',
    password: '',
    firstName: '',
    lastName: '',
    username: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const input: RegisterInput = {
      email: form.email.trim(),
      password: form.password,
      firstName: form.firstName.trim(),
      lastName: form.lastName.trim(),
      ...(form.username.trim() ? { username: form.username.trim() } : {}),
    };
    register.mutate(input, {
      onSuccess: () => {
        // Signed in straight away: typing the new password a second time helps no one.
        login.mutate(
          { email: input.email, password: input.password },
          {
            onSuccess: () => {
              toast.success('Welcome to Codestead! We sent you an e-mail to verify your address.');
              navigate(safeNext(next));
            },
            onError: () => {
              toast.success('Account created. We sent you an e-mail to verify your address — you can log in now.');
              navigate(next ? `/login?next=${encodeURIComponent(next)}` : '/login', { state: { email: input.email } });
            },
          },
        );
      },
      onError: (err) => {
        // 409 email_taken may come without a fields map; it still belongs under the e-mail field.
        if (isApiError(err) && err.code === 'email_taken' && !err.fields) setErrors({ email: err.message });
        else setErrors(applyProblemToForm(err, FIELDS));
      },
    });
  };

  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account?{' '}
          <Link to={next ? `/login?next=${encodeURIComponent(next)}` : '/login'} className={linkClass}>
            Log in
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="First name"
            name="firstName"
            autoComplete="given-name"
            required
            value={form.firstName}
            onChange={set('firstName')}
            error={errors.firstName}
            autoFocus
          />
          <TextField
            label="Last name"
            name="lastName"
            autoComplete="family-name"
            required
            value={form.lastName}
            onChange={set('lastName')}
            error={errors.lastName}
          />
        </div>
        <TextField
          label="E-mail"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set('email')}
          error={errors.email}
        />
        <TextField
          label="Username (optional)"
          name="username"
          autoComplete="username"
          value={form.username}
          onChange={set('username')}
          error={errors.username}
          hint="Shown on your public profile. We pick one if you leave it empty."
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          hint="At least 10 characters and not easy to guess; a phrase of unrelated words is best."
        />
        <Button type="submit" loading={register.isPending || login.isPending} className="w-full">
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
