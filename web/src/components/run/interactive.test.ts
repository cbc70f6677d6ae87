import { describe, expect, it } from 'vitest';
import { FakeSocket, fakeInteractiveServer } from '@/test/fakeInteractive';
import {
  acceptsInput,
  consoleReducer,
  initialConsole,
  interactiveUrl,
  openInteractiveRun,
  type ConsoleEvent,
  type ConsoleState,
  type SocketLike,
} from './interactive';

const run = (events: ConsoleEvent[]): ConsoleState => events.reduce(consoleReducer, initialConsole);

const result = { id: 'e1', status: 'ok', stdout: 'a? b? 5\n', stderr: '', exitCode: 0, executionTimeMs: 3 };

describe('the interactive console state', () => {
  it('keeps output and typed lines in the order they happened, merging runs of the same kind', () => {
    const state = run([
      { type: 'connecting' },
      { type: 'open' },
      { type: 'output', stream: 'stdout', data: 'a? ' },
      { type: 'typed', line: '2' },
      { type: 'output', stream: 'stdout', data: 'b' },
      { type: 'output', stream: 'stdout', data: '? ' },
      { type: 'typed', line: '3' },
      { type: 'output', stream: 'stderr', data: 'warn\n' },
    ]);
    expect(state.parts).toEqual([
      { kind: 'stdout', text: 'a? ' },
      { kind: 'stdin', text: '2\n' },
      { kind: 'stdout', text: 'b? ' },
      { kind: 'stdin', text: '3\n' },
      { kind: 'stderr', text: 'warn\n' },
    ]);
    expect(state.typed).toBe(2);
    expect(acceptsInput(state)).toBe(true);
  });

  it('offers no input line before the socket opens, while stopping, or after the exit', () => {
    expect(acceptsInput(run([{ type: 'connecting' }]))).toBe(false);
    expect(acceptsInput(run([{ type: 'connecting' }, { type: 'open' }, { type: 'stopping' }]))).toBe(false);
    const done = run([{ type: 'connecting' }, { type: 'open' }, { type: 'exit', result: result as never, stopped: true }]);
    expect(acceptsInput(done)).toBe(false);
    expect(done).toMatchObject({ phase: 'done', stopped: true, result: { id: 'e1' } });
  });

  it('ends the run on a refusal, but waits for the exit frame after a bad message', () => {
    const refused = run([
      { type: 'connecting' },
      { type: 'open' },
      { type: 'problem', problem: { status: 429, code: 'rate_limited', detail: 'Too many runs.', retryAfterSecs: 3 } },
    ]);
    expect(refused.phase).toBe('done');
    expect(refused.problem?.retryAfterSecs).toBe(3);
    const bad = run([
      { type: 'connecting' },
      { type: 'open' },
      { type: 'problem', problem: { status: 422, code: 'validation_failed', detail: 'data' } },
    ]);
    expect(bad.phase).toBe('running');
  });

  it('says the connection was lost when the socket closes mid-run, and ignores a close after the exit', () => {
    const lost = run([{ type: 'connecting' }, { type: 'open' }, { type: 'closed' }]);
    expect(lost.problem?.code).toBe('connection_lost');
    const finished = run([
      { type: 'connecting' },
      { type: 'open' },
      { type: 'exit', result: result as never, stopped: false },
      { type: 'closed' },
    ]);
    expect(finished.problem).toBeNull();
  });

  it('talks to the same origin, over wss on an https page', () => {
    expect(interactiveUrl({ protocol: 'https:', host: 'learn.example:8443' })).toBe(
      'wss://learn.example:8443/api/v1/executions/interactive',
    );
    expect(interactiveUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/api/v1/executions/interactive');
  });
});

describe('an interactive run over the socket', () => {
  it('sends start, then each typed line with its newline, then stop; and reports frames as they come', async () => {
    const Fake = fakeInteractiveServer(() => undefined);
    const events: ConsoleEvent[] = [];
    const handle = openInteractiveRun(
      { language: 'python', code: 'x', stdin: '1\n' },
      (e) => events.push(e),
      (url) => new Fake(url),
    );
    await Promise.resolve();
    const socket = FakeSocket.instances[0]!;
    expect(socket.sent).toEqual([{ type: 'start', language: 'python', code: 'x', stdin: '1\n' }]);
    socket.frame({ type: 'stdout', data: 'b? ' });
    handle.send('41');
    handle.endInput();
    handle.stop();
    expect(socket.sent.slice(1)).toEqual([{ type: 'stdin', data: '41\n' }, { type: 'stdin', data: '', eof: true }, { type: 'stop' }]);
    socket.frame({ type: 'exit', ...result, stopped: true });
    socket.close();
    const state = events.reduce(consoleReducer, initialConsole);
    expect(state.parts).toEqual([
      { kind: 'stdout', text: 'b? ' },
      { kind: 'stdin', text: '41\n' },
    ]);
    expect(state).toMatchObject({ phase: 'done', stopped: true, problem: null });
    expect(state.result).toMatchObject({ id: 'e1', stdout: 'a? b? 5\n' });
    expect(state.result).not.toHaveProperty('type');
  });

  it('sends the stdin box as lines: its last line gets the Enter it lacks', async () => {
    const Fake = fakeInteractiveServer(() => undefined);
    openInteractiveRun(
      { language: 'python', code: 'x', stdin: 'Ada' },
      () => {},
      (url) => new Fake(url),
    );
    await Promise.resolve();
    expect(FakeSocket.instances[0]!.sent).toEqual([{ type: 'start', language: 'python', code: 'x', stdin: 'Ada\n' }]);
  });

  it('offers no input line once the end of input was sent', () => {
    const closed = run([{ type: 'connecting' }, { type: 'open' }, { type: 'eof' }]);
    expect(acceptsInput(closed)).toBe(false);
    expect(closed.phase).toBe('running');
  });

  it('hands a socket refused before it opened to the caller (an expired session) instead of reporting it', async () => {
    // What the browser does with a handshake answered 401: no open, only a close.
    const refused = (): SocketLike => {
      const socket: SocketLike = {
        readyState: 0,
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
        send: () => {
          throw new Error('nothing is sent on a socket that never opened');
        },
        close: () => {},
      };
      queueMicrotask(() => {
        socket.readyState = 3;
        socket.onclose?.(new CloseEvent('close', { code: 1006 }));
      });
      return socket;
    };
    const events: ConsoleEvent[] = [];
    let failed = 0;
    openInteractiveRun(
      { language: 'python', code: 'x' },
      (e) => events.push(e),
      refused,
      () => failed++,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(failed).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['connecting']);
  });
});
