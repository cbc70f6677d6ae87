import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormAlert } from '@/components/ui/Field';
import { Spinner } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { useVerifyEmail } from '../api/verifyEmail';
import { AuthCard, linkClass } from './AuthCard';

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail();
  const sent = useRef(false);

  useEffect(() => {
    // Tokens are single-use: StrictMode's double effect must not spend it twice.
    if (!token || sent.current) return;
    sent.current = true;
    verify.mutate(token);
  }, [token, verify]);

  return (
    <AuthCard title="Verify your e-mail">
      {!token && <FormAlert>This link is missing its token. Open the link from the e-mail again.</FormAlert>}
      {token && verify.isPending && <Spinner label="Verifying…" />}
      {verify.isSuccess && (
        <p role="status" className="text-sm">
          Your e-mail address is verified. You can now publish projects and a public profile.
        </p>
      )}
      {verify.isError && <FormAlert>{errorMessage(verify.error)} The link may have expired or been used already.</FormAlert>}
      <Link to="/playground" className={`mt-4 inline-block text-sm ${linkClass}`}>
        Continue to Codestead
      </Link>
    </AuthCard>
  );
}
