import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { peekHandoff } from '@/lib/playgroundHandoff';
import { LessonMarkdown } from './Markdown';

const BODY = [
  '# Loops',
  '',
  'A loop:',
  '',
  '```python',
  'for i in range(3):',
  '    print(i)  # each',
  '```',
  '',
  '```text',
  'output <i>here</i>',
  '```',
].join('\n');

function renderLesson(body = BODY) {
  const router = createMemoryRouter(
    [
      { path: '/learn/loops', element: <LessonMarkdown>{body}</LessonMarkdown> },
      { path: '/playground', element: <p>playground page</p> },
    ],
    { initialEntries: ['/learn/loops'] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe('LessonMarkdown code blocks', () => {
  it('highlights runnable code and keeps other blocks as plain text', () => {
    renderLesson();
    const [py, text] = [...document.querySelectorAll('pre > code')];
    expect(py).toHaveClass('hljs');
    expect(py!.querySelector('.hljs-keyword')).toHaveTextContent('for');
    expect(py!.querySelector('.hljs-built_in')).toHaveTextContent('range');
    expect(py!.querySelector('.hljs-comment')).toHaveTextContent('# each');
    expect(text).not.toHaveClass('hljs');
    expect(text!.querySelector('i')).toBeNull();
  });

  it('makes every code block focusable, so a keyboard can scroll a long line', () => {
    renderLesson();
    const blocks = [...document.querySelectorAll('pre')];
    expect(blocks).toHaveLength(2);
    for (const pre of blocks) expect(pre).toHaveAttribute('tabindex', '0');
  });

  it('puts a Copy button on every block that copies the code exactly', async () => {
    const writeText = vi.fn(async (text: string) => void text);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderLesson();
    const copies = screen.getAllByRole('button', { name: 'Copy' });
    expect(copies).toHaveLength(2);
    await userEvent.click(copies[0]!);
    expect(writeText).toHaveBeenCalledWith('for i in range(3):\n    print(i)  # each');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await userEvent.click(copies[1]!);
    expect(writeText).toHaveBeenLastCalledWith('output <i>here</i>');
  });

  it('says so when the clipboard refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) },
      configurable: true,
    });
    renderLesson();
    await userEvent.click(screen.getAllByRole('button', { name: 'Copy' })[0]!);
    expect(await screen.findByRole('button', { name: 'Copy failed' })).toBeInTheDocument();
  });

  it('opens the highlighted example in the playground with its plain source', async () => {
    const router = renderLesson();
    const open = screen.getAllByRole('button', { name: 'Open in playground' });
    expect(open).toHaveLength(1);
    await userEvent.click(open[0]!);
    expect(router.state.location.pathname).toBe('/playground');
    expect(peekHandoff()).toEqual({ language: 'python', code: 'for i in range(3):\n    print(i)  # each' });
  });
});
