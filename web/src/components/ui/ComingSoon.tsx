import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Page } from './Page';
import { EmptyState } from './EmptyState';

/** An honest placeholder for a section that a later release fills. */
export function ComingSoon({ title, what }: { title: string; what: ReactNode }) {
  return (
    <Page title={title}>
      <EmptyState
        title="Coming soon"
        action={
          <Link to="/playground" className="font-medium text-indigo-700 underline dark:text-indigo-300">
            Open the playground meanwhile
          </Link>
        }
      >
        <p>{what}</p>
        <p className="mt-2">This part of Codestead is not built yet.</p>
      </EmptyState>
    </Page>
  );
}
