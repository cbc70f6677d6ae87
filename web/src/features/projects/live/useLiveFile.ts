//! The open file of a shared project as a live document: one `LiveProvider` per file while its
//! tab is the active one, the people here (from awareness), and why the live view ended when it
//! did. The editor binds to `provider.text` once the first sync is done (before that the editor
//! is read-only, so nothing typed misses the document).

import { useEffect, useMemo, useState } from 'react';
import { api } from '@/lib/api/client';
import { colorFor, displayColors, type Presence } from './monacoBinding';
import { liveUrl, LiveProvider, type LiveStatus } from './provider';

export interface Peer extends Presence {
  clientId: number;
  /** This browser tab. */
  self: boolean;
}

export interface LiveFile {
  status: LiveStatus;
  /** The server's close reason when `status` is `closed` (`access_revoked`, `file_too_large`, …). */
  reason?: string;
  /** The server refused an edit: the caller may only read (a viewer, or just made one). */
  denied: boolean;
  /** Set once synced: the document the editor binds to. */
  provider: LiveProvider | null;
  peers: Peer[];
}

const IDLE: Omit<LiveFile, 'denied'> = { status: 'connecting', provider: null, peers: [] };

function peersOf(provider: LiveProvider): Peer[] {
  const out: Peer[] = [];
  const colors = displayColors(provider.awareness);
  provider.awareness.getStates().forEach((state, clientId) => {
    const user = state.user as Presence | undefined;
    if (user) out.push({ ...user, color: colors.get(clientId) ?? user.color, clientId, self: clientId === provider.doc.clientID });
  });
  // Me first, then by name: the list does not jump around as people move their cursors.
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

export function useLiveFile(projectId: string, fileId: string | null, me: { name: string; key: string } | null): LiveFile | null {
  // The state of one socket session (`session` names it): a new file or generation starts from IDLE.
  const [state, setState] = useState<Omit<LiveFile, 'denied'> & { session: string }>({ ...IDLE, session: '' });
  // A refused edit stays in the local document only: a fresh document (the next generation)
  // drops it and shows the server's text; the caller stays read-only from then on.
  const [generation, setGeneration] = useState(0);
  const [demoted, setDemoted] = useState(false);
  const enabled = !!fileId && !!me;
  const name = me?.name ?? '';
  const key = me?.key ?? '';

  useEffect(() => {
    if (!fileId || !name) return;
    let synced = false;
    const session = `${projectId}/${fileId}/${generation}`;
    const update = (p: Partial<Omit<LiveFile, 'denied'>>) => setState((s) => ({ ...(s.session === session ? s : IDLE), ...p, session }));
    const provider = new LiveProvider(liveUrl(projectId, fileId), {
      status: (status, reason) => {
        if (status === 'synced') synced = true;
        // A socket refused at the handshake (an expired session): any API call refreshes the
        // session cookie, so the next attempt is let in.
        if (status === 'offline') void api.get('/me', { on401: 'throw' }).catch(() => {});
        update({ status, reason, provider: synced ? provider : null });
      },
      denied: () => {
        setDemoted(true);
        setGeneration((g) => g + 1);
      },
    });
    provider.awareness.setLocalStateField('user', { name, color: colorFor(key || name) } satisfies Presence);
    const onAwareness = () => update({ peers: peersOf(provider) });
    provider.awareness.on('change', onAwareness);
    onAwareness();
    return () => {
      provider.awareness.off('change', onAwareness);
      provider.destroy();
    };
  }, [projectId, fileId, name, key, generation]);

  const current = `${projectId}/${fileId}/${generation}`;
  return useMemo(() => {
    if (!enabled) return null;
    const { session, ...live } = state.session === current ? state : { ...IDLE, session: current };
    void session;
    return { ...live, denied: demoted };
  }, [enabled, state, current, demoted]);
}
