//! The socket side of a live file: a y-websocket-style provider for
//! `/api/v1/projects/{id}/files/{fileId}/live` (binary y-protocols messages: sync, awareness, auth;
//! the encoding is y-protocols', only the framing and reconnecting are ours). Kept here rather
//! than taking y-websocket so the close reasons the server gives (access revoked, file too large)
//! reach the page, and so it reconnects only when that makes sense.

import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

// y-websocket's message types, which the server's yrs `Message` uses too.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

/** The shared text's name in every file's document (the server's `TEXT_NAME`). */
export const TEXT_NAME = 'content';

export type LiveStatus = 'connecting' | 'synced' | 'offline' | 'closed';

/** Close reasons after which reconnecting cannot help (the server's close frames). */
const FINAL_REASONS = new Set([
  'access_revoked',
  'file_too_large',
  'malformed_update',
  'malformed_message',
  'malformed_awareness',
  'binary_only',
]);

export interface LiveEvents {
  status?(status: LiveStatus, reason?: string): void;
  /** The server refused an update (the caller is a viewer, or was just made one). */
  denied?(reason: string): void;
}

/** The parts of the browser's WebSocket the provider uses (tests pass a fake). */
export interface SocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

const OPEN = 1;

export class LiveProvider {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private ws: SocketLike | null = null;
  private closedForGood = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly url: string;
  private readonly events: LiveEvents;
  private readonly makeSocket: (url: string) => SocketLike;

  constructor(
    url: string,
    events: LiveEvents = {},
    { doc = new Y.Doc(), makeSocket = (u: string) => new WebSocket(u) as unknown as SocketLike } = {},
  ) {
    this.url = url;
    this.events = events;
    this.doc = doc;
    this.makeSocket = makeSocket;
    this.awareness = new awarenessProtocol.Awareness(doc);
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.connect();
  }

  get text(): Y.Text {
    return this.doc.getText(TEXT_NAME);
  }

  private send(encoder: encoding.Encoder) {
    if (this.ws?.readyState === OPEN) this.ws.send(encoding.toUint8Array(encoder));
  }

  private connect() {
    this.events.status?.('connecting');
    const ws = this.makeSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.retries = 0;
      // Our state vector: the server answers with what we lack. It asks for what it lacks in its
      // greeting, and our answer carries the edits made while we were offline.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.send(encoder);
      if (this.awareness.getLocalState() !== null) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
        this.send(e);
      }
    };
    ws.onmessage = (event) => this.onMessage(new Uint8Array(event.data as ArrayBuffer));
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      // Others' cursors are stale once we are cut off.
      const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
      awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
      if (this.closedForGood) return;
      if (FINAL_REASONS.has(event.reason)) {
        this.closedForGood = true;
        this.events.status?.('closed', event.reason);
        return;
      }
      this.events.status?.('offline', event.reason);
      // Back off: 0.5 s, 1 s, 2 s … at most 10 s. Edits made meanwhile stay in the document and
      // go to the server in the next sync.
      const wait = Math.min(10_000, 500 * 2 ** this.retries++);
      this.retryTimer = setTimeout(() => this.connect(), wait);
    };
  }

  private onMessage(data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    const encoder = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (kind === syncProtocol.messageYjsSyncStep2) this.events.status?.('synced');
        if (encoding.length(encoder) > 1) this.send(encoder);
        break;
      }
      case MESSAGE_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
        break;
      case MESSAGE_AUTH:
        authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.events.denied?.(reason));
        break;
      case MESSAGE_QUERY_AWARENESS:
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]),
        );
        this.send(encoder);
        break;
    }
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoder);
  };

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === this) return;
    const changed = added.concat(updated, removed);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    this.send(encoder);
  };

  destroy() {
    this.closedForGood = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    // Our cursor goes for everyone before the socket does.
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'destroy');
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.ws?.close(1000, 'left');
    this.ws = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** The socket address of a file, on this origin (the session cookie authenticates it). */
export function liveUrl(projectId: string, fileId: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/projects/${encodeURIComponent(projectId)}/files/${encodeURIComponent(fileId)}/live`;
}
