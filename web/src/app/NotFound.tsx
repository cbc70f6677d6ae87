import { Link } from 'react-router';
import { Page } from '@/components/ui/Page';

export function NotFound() {
  return (
    <Page title="Page not found">
      <p className="text-slate-700 dark:text-slate-300">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link to="/" className="mt-4 inline-block font-medium text-indigo-700 underline dark:text-indigo-300">
        Back to the start page
      </Link>
    </Page>
  );
}
