import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse';

const STREAM =
  'event: delta\ndata: {"text":"**NameError** on line 3"}\n\n' +
  ': keep-alive\n\n' +
  'event: delta\ndata: {"text":" ✓ ü"}\n\n' +
  'event: done\ndata: {"conversationId":"c1","messageId":"m1","tokensUsed":0,"provider":"offline","cached":false}\n\n';

function feed(chunks: string[]): SseEvent[] {
  const p = createSseParser();
  return [...chunks.flatMap((c) => p.push(c)), ...p.end()];
}

describe('createSseParser', () => {
  const whole = feed([STREAM]);

  it('reads named events with their data and skips comments', () => {
    expect(whole.map((e) => e.event)).toEqual(['delta', 'delta', 'done']);
    expect(JSON.parse(whole[0]!.data)).toEqual({ text: '**NameError** on line 3' });
    expect(JSON.parse(whole[2]!.data).provider).toBe('offline');
  });

  it('gives the same events however the stream is cut into chunks', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(feed(chunks)).toEqual(whole);
    }
    for (let cut = 0; cut <= STREAM.length; cut++) expect(feed([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(whole);
  });

  it('accepts CRLF and lone CR line ends, even with a CRLF split across chunks', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    expect(feed([crlf])).toEqual(whole);
    for (let cut = 0; cut <= crlf.length; cut++) expect(feed([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(whole);
    expect(feed([STREAM.replace(/\n/g, '\r')])).toEqual(whole);
  });

  it('joins multi-line data with newlines and keeps spaces after the first one', () => {
    expect(feed(['data: line one\ndata:  indented\ndata\n\n'])).toEqual([{ event: 'message', data: 'line one\n indented\n' }]);
  });

  it('dispatches a last event the stream ended without a blank line for, and nothing for an empty one', () => {
    expect(feed(['event: done\ndata: {}'])).toEqual([{ event: 'done', data: '{}' }]);
    expect(feed(['event: lonely\n\n'])).toEqual([]);
  });
});
