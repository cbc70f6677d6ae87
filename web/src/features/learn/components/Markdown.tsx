//! Lesson and exercise text: GitHub-flavoured Markdown, sanitised (the content may come from a
//! school's own import), with content links mapped into the app and runnable examples one click
//! away from the playground.

import type { ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { Link, useNavigate } from 'react-router';
import { CodeBlock, codeOf, type HastNode } from '@/components/ui/CodeBlock';
import { rehypeHighlightCode } from '@/lib/markdown/highlight';
import { handToPlayground, PLAYGROUND_WITH_HANDOFF, runnableLanguage } from '@/lib/playgroundHandoff';
import { appHref, isExternal } from '../lib/links';

function codeLanguage(pre: HastNode | undefined): string | undefined {
  const code = pre?.children?.find((c) => c.tagName === 'code');
  const classes = code?.properties?.className;
  const list = Array.isArray(classes) ? classes.map(String) : typeof classes === 'string' ? classes.split(' ') : [];
  return list.find((c) => c.startsWith('language-'))?.slice('language-'.length);
}

const LANGUAGE_NAMES: Record<string, string> = { python: 'Python', javascript: 'JavaScript', java: 'Java', cpp: 'C++' };

function LessonCodeBlock({ node, children }: { node?: HastNode; children?: ReactNode }) {
  const navigate = useNavigate();
  const language = runnableLanguage(codeLanguage(node));
  const open = () => {
    if (!language) return;
    handToPlayground({ language, code: codeOf(node) });
    void navigate(PLAYGROUND_WITH_HANDOFF);
  };
  return (
    <CodeBlock
      node={node}
      actions={
        language && (
          <button
            type="button"
            onClick={open}
            className="mt-1 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-slate-800"
            title={`Open this ${LANGUAGE_NAMES[language]} example in the playground`}
          >
            Open in playground
          </button>
        )
      }
    >
      {children}
    </CodeBlock>
  );
}

const components: Components = {
  pre: ({ node, children }) => <LessonCodeBlock node={node as HastNode | undefined}>{children}</LessonCodeBlock>,
  a: ({ href = '', children }) => {
    if (isExternal(href))
      return (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      );
    const to = appHref(href);
    if (to.startsWith('#')) return <a href={to}>{children}</a>;
    return <Link to={to}>{children}</Link>;
  },
};

// Sanitise first: the highlighter's own classes come after and must survive.
const rehypePlugins = [rehypeSanitize, rehypeHighlightCode];
const remarkPlugins = [remarkGfm];

/** The page shows the title as its own heading: a leading `# Title` in the body would repeat it. */
export function withoutLeadingTitle(body: string): string {
  return body.replace(/^\s*# [^\n]*\n+/, '');
}

export function LessonMarkdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {withoutLeadingTitle(children)}
      </Markdown>
    </div>
  );
}
