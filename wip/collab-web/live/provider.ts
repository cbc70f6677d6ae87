//! The socket side of a live file: a y-websocket-style provider for
//! `/api/v1/projects/{id}/files/{fileId}/live` (binary y-protocols messages: sync and awareness).
//! Kept here rather than taking y-websocket so the close codes the server uses (access revoked,
//! rate limited, file too large) reach the page, and so it reconnects only when that makes sense.

import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

/** The shared text's name in every file's document (the server uses the same). */
export const TEXT_NAME = 'content';

export type LiveStatus = 'connecting' | 'synced' | 'offline' | 'closed';

/** Why the server closed for good: these are not retried. */
const FINAL_REASONS = new Set(['access_revoked', 'file_too_large', 'malformed_update', 'malformed_message', 'binary_only']);

export interface LiveEvents {
  status?(status: LiveStatus, reason?: string): void;
  /** The server refused an update (the caller is a viewer). */
  denied?(reason: string): void;
}

export class LiveProvider {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private ws: WebSocket | null = null;
  private closedForGood = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly url: string;
  private readonly events: LiveEvents;

  constructor(url: string, events: LiveEvents = {}, doc = new Y.Doc()) {
    this.url = url;
    this.events = events;
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.connect();
  }

  get text(): Y.Text {
    return this.doc.getText(TEXT_NAME);
  }

  private send(encoder: encoding.Encoder) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encoding.toUint8Array(encoder));
  }

  private connect() {
    this.events.status?.('connecting');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.retries = 0;
      // Our state vector first: the server answers with what we lack, then asks for what it lacks
      // (edits made offline merge here).
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
      // Back off: 0.5 s, 1 s, 2 s … at most 10 s.
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
      case MESSAGE_AUTH: {
        const denied = decoding.readVarUint(decoder) === 0;
        if (denied) this.events.denied?.(decoding.readVarString(decoder));
        break;
      }
      case MESSAGE_QUERY_AWARENESS: {
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]),
        );
        this.send(encoder);
        break;
      }
    }
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoder);
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
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
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'destroy');
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.ws?.close(1000, 'left');
    this.awareness.destroy();
  }
}

/** The socket address of a file, on this origin (cookies authenticate it). */
export function liveUrl(projectId: string, fileId: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/projects/${projectId}/files/${fileId}/live`;
}
