import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { LiveProvider, TEXT_NAME, liveUrl, type LiveStatus, type SocketLike } from './provider';

/** A socket whose other end is a test's Yjs document, speaking the protocol as the server does. */
class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  closed: { code?: number; reason?: string } | null = null;
  constructor(private readonly server: Y.Doc) {}
  send(data: Uint8Array) {
    // The server's side: answer sync messages from its document.
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== 0) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    syncProtocol.readSyncMessage(decoder, reply, this.server, 'client');
    if (encoding.length(reply) > 1) this.deliver(encoding.toUint8Array(reply));
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  // The server's actions.
  open() {
    this.readyState = 1;
    this.onopen?.({});
    // The server's greeting: its state vector.
    const greeting = encoding.createEncoder();
    encoding.writeVarUint(greeting, 0);
    syncProtocol.writeSyncStep1(greeting, this.server);
    this.deliver(encoding.toUint8Array(greeting));
  }
  deliver(bytes: Uint8Array) {
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
  drop(reason: string, code = 1008) {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function setup(serverText = 'print("hello")\n') {
  const server = new Y.Doc();
  server.getText(TEXT_NAME).insert(0, serverText);
  const sockets: FakeSocket[] = [];
  const statuses: [LiveStatus, string | undefined][] = [];
  const denied: string[] = [];
  const provider = new LiveProvider(
    'ws://example.test/live',
    { status: (s, r) => statuses.push([s, r]), denied: (r) => denied.push(r) },
    {
      makeSocket: () => {
        const s = new FakeSocket(server);
        sockets.push(s);
        return s;
      },
    },
  );
  return { server, sockets, statuses, denied, provider };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveProvider', () => {
  it("syncs with the server's document both ways", () => {
    const { server, sockets, statuses, provider } = setup();
    sockets[0]!.open();
    expect(provider.text.toString()).toBe('print("hello")\n');
    expect(statuses.map(([s]) => s)).toEqual(['connecting', 'synced']);
    provider.text.insert(0, '# mine\n');
    expect(server.getText(TEXT_NAME).toString()).toBe('# mine\nprint("hello")\n');
    provider.destroy();
  });

  it('sends what was typed offline when it reconnects', () => {
    vi.useFakeTimers();
    const { server, sockets, statuses, provider } = setup('a\n');
    sockets[0]!.open();
    sockets[0]!.drop('', 1006);
    expect(statuses.at(-1)).toEqual(['offline', '']);
    provider.text.insert(2, 'typed offline\n');
    expect(server.getText(TEXT_NAME).toString()).toBe('a\n');
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(server.getText(TEXT_NAME).toString()).toBe('a\ntyped offline\n');
    provider.destroy();
  });

  it('closes for good when access is revoked, and does not reconnect', () => {
    vi.useFakeTimers();
    const { sockets, statuses, provider } = setup();
    sockets[0]!.open();
    sockets[0]!.drop('access_revoked');
    expect(statuses.at(-1)).toEqual(['closed', 'access_revoked']);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    provider.destroy();
  });

  it("reports the server's refusal of an edit", () => {
    const { sockets, denied, provider } = setup();
    sockets[0]!.open();
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 2);
    authProtocol.writePermissionDenied(e, 'read-only');
    sockets[0]!.deliver(encoding.toUint8Array(e));
    expect(denied).toEqual(['read-only']);
    provider.destroy();
  });

  it('says goodbye on destroy', () => {
    const { sockets, provider } = setup();
    sockets[0]!.open();
    provider.destroy();
    expect(sockets[0]!.closed).toEqual({ code: 1000, reason: 'left' });
  });
});

describe('liveUrl', () => {
  it('uses wss on https and the same host', () => {
    expect(liveUrl('p 1', 'f1', { protocol: 'https:', host: 'code.example:8443' })).toBe(
      'wss://code.example:8443/api/v1/projects/p%201/files/f1/live',
    );
    expect(liveUrl('p', 'f', { protocol: 'http:', host: '127.0.0.1:80' })).toBe('ws://127.0.0.1:80/api/v1/projects/p/files/f/live');
  });
});
