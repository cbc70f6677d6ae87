import { Link, useNavigate } from 'react-router';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/lib/api/forms';
import { useClaimCertificate, useMyCertificates } from './api';

const linkClass = 'font-medium text-indigo-700 underline dark:text-indigo-300';

/**
 * For a finished track: "Get your certificate" (claims it, then opens it), or a link to the
 * certificate once the learner has it. Nothing for a track that is not finished.
 */
export function ClaimCertificate({ track, trackTitle, complete }: { track: string; trackTitle: string; complete: boolean }) {
  const mine = useMyCertificates();
  const claim = useClaimCertificate();
  const navigate = useNavigate();
  if (mine.isPending) return null;
  const existing = mine.data?.find((c) => c.track === track);
  if (existing)
    return (
      <Link to={existing.url} className={linkClass} data-testid="view-certificate">
        View your {trackTitle} certificate
      </Link>
    );
  if (!complete) return null;
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="claim-certificate">
      <Button loading={claim.isPending} onClick={() => claim.mutate(track, { onSuccess: (c) => void navigate(c.url) })}>
        Get your certificate
      </Button>
      <span className="text-sm text-slate-700 dark:text-slate-300">You finished every item of {trackTitle}.</span>
      {claim.isError && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {errorMessage(claim.error)}
        </span>
      )}
    </div>
  );
}

/** The dashboard's list: a claim button or a link for each finished track; nothing when none is finished. */
export function CertificatesPanel({ tracks }: { tracks: { slug: string; title: string; itemCount: number; completedCount: number }[] }) {
  const mine = useMyCertificates();
  const finished = tracks.filter((t) => t.itemCount > 0 && t.completedCount === t.itemCount);
  const held = new Set((mine.data ?? []).map((c) => c.track));
  const shown = tracks.filter((t) => held.has(t.slug) || finished.includes(t));
  if (mine.isPending || shown.length === 0) return null;
  return (
    <section
      aria-labelledby="certificates-heading"
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      data-testid="certificates-panel"
    >
      <h2 id="certificates-heading" className="text-lg font-semibold">
        Certificates
      </h2>
      <ul className="mt-3 space-y-3">
        {shown.map((t) => (
          <li key={t.slug}>
            <ClaimCertificate track={t.slug} trackTitle={t.title} complete={finished.includes(t)} />
          </li>
        ))}
      </ul>
    </section>
  );
}
