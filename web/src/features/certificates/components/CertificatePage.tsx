import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useCertificateVerification } from '@/components/certificates/api';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { isApiError } from '@/lib/api/problem';

// A certificate names one day for everyone who reads it, wherever they are: the UTC day.
const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' });

export function certificateDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : DAY.format(d);
}

/**
 * `/certificates/:code`: the public, printable verification page of a certificate (no login).
 * It shows what the certificate says — the name on it, the track, the date — and nothing else.
 */
export function CertificatePage() {
  const { code } = useParams();
  const verification = useCertificateVerification(code);

  useEffect(() => {
    if (verification.data?.valid) document.title = `Certificate: ${verification.data.trackTitle ?? ''} · Codestead`;
  }, [verification.data]);

  if (verification.isPending) return <PageLoading label="Checking the certificate…" />;
  if (verification.isError) {
    const notFound = isApiError(verification.error) && verification.error.status === 404;
    return (
      <Page title={notFound ? 'Certificate not found' : 'Certificate'}>
        <EmptyState
          title={notFound ? 'No certificate has this code' : 'Could not check the certificate'}
          action={!notFound && <Button onClick={() => void verification.refetch()}>Try again</Button>}
        >
          {notFound
            ? 'Check that the address is complete: a verification code is 43 letters, digits, - and _.'
            : errorMessage(verification.error)}
        </EmptyState>
      </Page>
    );
  }
  const c = verification.data;
  if (!c.valid)
    return (
      <Page title="Certificate no longer valid">
        <div
          role="status"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          This certificate was issued by Codestead, but it is no longer valid: the account it was issued to has been deleted.
        </div>
      </Page>
    );

  const url = `${window.location.origin}/certificates/${c.code}`;
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6 sm:px-6 print:max-w-none print:p-0">
      <div className="mb-4 flex flex-wrap items-center gap-3 print:hidden">
        <p
          role="status"
          className="inline-flex items-center gap-2 rounded-md bg-green-50 px-3 py-1.5 text-sm font-medium text-green-900 dark:bg-green-950 dark:text-green-100"
        >
          Verified: this certificate is valid.
        </p>
        <Button variant="secondary" className="ml-auto" onClick={() => window.print()}>
          Print
        </Button>
      </div>
      <article
        className="certificate rounded-xl border-4 border-double border-indigo-700 bg-white px-6 py-10 text-center text-slate-900 shadow-sm sm:px-12 dark:border-indigo-400 dark:bg-slate-900 dark:text-slate-100"
        aria-labelledby="certificate-title"
        data-testid="certificate"
      >
        <p className="text-sm font-semibold tracking-widest text-indigo-800 uppercase dark:text-indigo-200">Codestead</p>
        <h1 id="certificate-title" className="mt-4 text-3xl font-semibold tracking-tight sm:text-4xl">
          Certificate of completion
        </h1>
        <p className="mt-8 text-base text-slate-700 dark:text-slate-300">This certifies that</p>
        <p className="mt-2 text-2xl font-semibold sm:text-3xl" data-testid="certificate-name">
          {c.learnerName}
        </p>
        <p className="mt-6 text-base text-slate-700 dark:text-slate-300">completed every lesson and exercise of the track</p>
        <p className="mt-2 text-xl font-semibold sm:text-2xl" data-testid="certificate-track">
          {c.trackTitle}
        </p>
        <p className="mt-6 text-base text-slate-700 dark:text-slate-300">
          on{' '}
          <time
            dateTime={c.completedAt ?? undefined}
            className="font-semibold text-slate-900 dark:text-slate-100"
            data-testid="certificate-date"
          >
            {certificateDay(c.completedAt)}
          </time>
        </p>
        <dl className="mt-10 space-y-1 text-xs text-slate-700 dark:text-slate-300">
          <div>
            <dt className="inline">Verification code: </dt>
            <dd className="inline font-mono break-all">{c.code}</dd>
          </div>
          <div>
            <dt className="inline">Check it at: </dt>
            <dd className="inline break-all">{url}</dd>
          </div>
        </dl>
      </article>
      <p className="mt-6 text-sm text-slate-600 dark:text-slate-400 print:hidden">
        Anyone with this address can check the certificate. It shows only what is printed on it.{' '}
        <Link to="/" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          What is Codestead?
        </Link>
      </p>
    </div>
  );
}
