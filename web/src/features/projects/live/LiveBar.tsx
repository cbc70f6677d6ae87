import type { LiveFile, Peer } from './useLiveFile';

/** What the live view's state means for the person looking at it. */
export function liveMessage(live: LiveFile, readOnlyRole: boolean): { text: string; tone: 'ok' | 'warn' | 'stop' } {
  if (live.status === 'closed') {
    if (live.reason === 'access_revoked')
      return { text: 'The owner removed your access: this live view is closed and nothing more you type is kept.', tone: 'stop' };
    if (live.reason === 'file_too_large') return { text: 'The file reached its size limit: the live view is closed.', tone: 'stop' };
    return { text: `The live view is closed (${live.reason ?? 'by the server'}). Reload the page to join again.`, tone: 'stop' };
  }
  if (live.status === 'offline') return { text: 'Offline: your edits are kept here and merged when the connection is back.', tone: 'warn' };
  if (live.status === 'connecting' && !live.provider) return { text: 'Joining the live file…', tone: 'warn' };
  if (live.denied) return { text: 'You can follow along but not type: the owner made you a viewer.', tone: 'warn' };
  if (readOnlyRole) return { text: 'Live · you are a viewer: you see every edit as it happens, read-only.', tone: 'ok' };
  return { text: 'Live · edits are shared as you type and kept by the server.', tone: 'ok' };
}

const TONE = {
  ok: 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50',
  warn: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50',
  stop: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50',
};

/** A person's colour as a dot: the same colour as their cursor in the editor. */
export function PeerDot({ peer }: { peer: Pick<Peer, 'color'> }) {
  return <span aria-hidden="true" className="inline-block size-2.5 shrink-0 rounded-full" style={{ backgroundColor: peer.color }} />;
}

/** Above the live editor: whether it is live, and who is in this file (in their cursor colours). */
export function LiveBar({ live, readOnlyRole }: { live: LiveFile; readOnlyRole: boolean }) {
  const { text, tone } = liveMessage(live, readOnlyRole);
  return (
    <div className={`flex flex-wrap items-center gap-x-3 gap-y-1 border-x px-3 py-1.5 text-sm ${TONE[tone]}`} data-testid="live-bar">
      <p className="mr-auto" role="status" data-testid="live-status" data-status={live.status} data-reason={live.reason ?? ''}>
        {text}
      </p>
      {live.status !== 'closed' && live.peers.length > 0 && (
        <div className="flex items-center gap-2">
          <span id="live-here" className="font-medium">
            Here:
          </span>
          <ul aria-labelledby="live-here" className="flex flex-wrap gap-2" data-testid="live-peers">
            {live.peers.map((p) => (
              <li key={p.clientId} className="flex items-center gap-1">
                <PeerDot peer={p} />
                {p.name}
                {p.self ? ' (you)' : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
