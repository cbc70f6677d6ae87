import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OutputConsole } from './OutputConsole';
import { consoleReducer, initialConsole, type ConsoleEvent } from './interactive';

const state = (events: ConsoleEvent[]) => events.reduce(consoleReducer, initialConsole);

describe('the live console', () => {
  it('shows the prompt in the announced output region, sends a typed line on Enter, and stops on Stop', async () => {
    const onSend = vi.fn();
    const onStop = vi.fn();
    const onEndInput = vi.fn();
    const running = state([{ type: 'connecting' }, { type: 'open' }, { type: 'output', stream: 'stdout', data: 'First number? ' }]);
    render(<OutputConsole result={null} running error={null} live={{ state: running, onSend, onStop, onEndInput }} />);
    const transcript = screen.getByTestId('console-transcript');
    expect(transcript).toHaveTextContent('First number?');
    expect(transcript.closest('[aria-live]')).toHaveAttribute('aria-live', 'polite');
    const input = screen.getByLabelText('Input for the running program');
    await userEvent.type(input, '2{Enter}');
    expect(onSend).toHaveBeenCalledWith('2');
    expect(input).toHaveValue('');
    // Ctrl+D, as in a terminal: the line typed so far, then the end of input.
    await userEvent.type(input, 'last{Control>}d{/Control}');
    expect(onSend).toHaveBeenLastCalledWith('last');
    expect(onEndInput).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'End input' }));
    expect(onEndInput).toHaveBeenCalledTimes(2);
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('keeps the transcript with the typed lines beside the result, and names a stopped run', () => {
    const result = { id: 'e9', status: 'runtime_error', stdout: 'n? ', stderr: '', exitCode: null, executionTimeMs: 40 };
    const done = state([
      { type: 'connecting' },
      { type: 'open' },
      { type: 'output', stream: 'stdout', data: 'n? ' },
      { type: 'typed', line: '7' },
      { type: 'exit', result: result as never, stopped: true },
    ]);
    render(
      <OutputConsole
        result={result as never}
        running={false}
        error={null}
        live={{ state: done, onSend: vi.fn(), onStop: vi.fn(), onEndInput: vi.fn() }}
      />,
    );
    expect(screen.queryByLabelText('Input for the running program')).toBeNull();
    expect(screen.getByTestId('console-transcript')).toHaveTextContent('n? You typed: 7');
    expect(screen.getByTestId('run-status')).toHaveTextContent(/^Stopped$/);
  });
});
