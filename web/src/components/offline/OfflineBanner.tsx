import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/EmptyState';
import { useOnline } from '@/lib/offline/network';

/** The one line that explains what works without the network (see docs/offline.md). */
export const OFFLINE_MESSAGE = 'You are offline — showing saved lessons; running code and saving need the network.';

/** Shown under the header while the server cannot be reached. */
export function OfflineBanner() {
  const online = useOnline();
  return (
    // The live region stays in the page so screen readers announce the change when it fills.
    <div role="status" aria-live="polite" data-testid="offline-banner-region">
      {!online && (
        <p
          className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm font-medium text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          data-testid="offline-banner"
        >
          {OFFLINE_MESSAGE}
        </p>
      )}
    </div>
  );
}

/** Beside a button that needs the server: says so while offline instead of letting it fail. */
export function NeedsNetworkNote({ what }: { what: string }) {
  const online = useOnline();
  if (online) return null;
  return (
    <span className="text-xs text-slate-700 dark:text-slate-300" data-testid="needs-network">
      {what} needs the network.
    </span>
  );
}

/**
 * In place of a page the server could not be asked for and this browser has no saved copy of:
 * a lesson never opened here while connected, or a page that is never kept (dashboard, projects).
 */
export function NotAvailableOffline({ what, saved = true, action }: { what: string; saved?: boolean; action?: ReactNode }) {
  return (
    <div data-testid="not-available-offline">
      <EmptyState title={`${what} is not available offline`} action={action}>
        {saved
          ? 'There is no saved copy of it in this browser: it is saved for reading offline once you have opened it while connected. Connect to the network to read it.'
          : 'It needs the network. Lessons and tracks you have opened can still be read.'}
      </EmptyState>
    </div>
  );
}
