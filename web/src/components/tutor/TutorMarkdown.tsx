//! A tutor answer: GitHub-flavoured Markdown, sanitised (a configured provider may send anything),
//! highlighted, with a Copy button on every code block and app links kept inside the app.

import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { Link } from 'react-router';
import { CodeBlock, type HastNode } from '@/components/ui/CodeBlock';
import { rehypeHighlightCode } from '@/lib/markdown/highlight';

const components: Components = {
  pre: ({ node, children }) => <CodeBlock node={node as HastNode | undefined}>{children}</CodeBlock>,
  a: ({ href = '', children }) => {
    if (href.startsWith('/') && !href.startsWith('//')) return <Link to={href}>{children}</Link>;
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
};

// Sanitise first: the highlighter's own classes come after and must survive.
const rehypePlugins = [rehypeSanitize, rehypeHighlightCode];
const remarkPlugins = [remarkGfm];

export function TutorMarkdown({ children }: { children: string }) {
  return (
    <div className="markdown text-sm">
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {children}
      </Markdown>
    </div>
  );
}
