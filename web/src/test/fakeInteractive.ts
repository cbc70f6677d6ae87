//! A stand-in for the browser's WebSocket that plays the server's side of an interactive run
//! (docs/interactive.md): tests answer a run as they would answer `POST /executions`, with a
//! `Response`, and the fake turns it into the frames the server sends (an `exit` frame for a
//! 200, an `error` frame for a problem), or script the frames themselves.

import type { SocketLike } from '@/components/run/interactive';

type Answer = (start: Record<string, unknown>, socket: FakeSocket) => Response | Promise<Response> | void;

export class FakeSocket implements SocketLike {
  static answer: Answer = () => {
    throw new Error('no interactive run expected');
  };
  static instances: FakeSocket[] = [];

  readyState = 0;
  url: string;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeSocket.instances.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
    });
  }

  send(data: string) {
    const message = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(message);
    if (message.type !== 'start') return;
    const start = { ...message };
    delete start.type;
    void Promise.resolve(FakeSocket.answer(start, this)).then(async (res) => {
      if (!res) return;
      const body = await res.json();
      if (res.ok) {
        this.frame({ type: 'exit', stopped: false, ...body });
      } else {
        const retry = res.headers.get('retry-after');
        this.frame({ type: 'error', ...body, ...(retry ? { retryAfterSecs: Number(retry) } : {}) });
      }
      this.close(1000);
    });
  }

  /** Delivers one server frame. */
  frame(frame: Record<string, unknown>) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  close(code = 1000) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }
}

/** Installs the fake as `WebSocket`; `answer` plays the server. */
export function fakeInteractiveServer(answer: Answer) {
  FakeSocket.answer = answer;
  FakeSocket.instances = [];
  return FakeSocket;
}
