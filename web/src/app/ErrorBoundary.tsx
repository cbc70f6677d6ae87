import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';

function Fallback({ message }: { message: string }) {
  return (
    <div role="alert" className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">{message}</p>
      <div className="mt-6 flex gap-3">
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Reload the page
        </button>
        <a href="/" className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 underline dark:text-indigo-300">
          Go to the start page
        </a>
      </div>
    </div>
  );
}

/** Last line of defence around the whole app: a render crash shows a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled UI error', error, info.componentStack);
  }

  render() {
    if (this.state.error) return <Fallback message={this.state.error.message || 'An unexpected error occurred.'} />;
    return this.props.children;
  }
}

/** The router's error element: a crash inside one page keeps the rest of the app usable. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) return <Fallback message={`${error.status} ${error.statusText}`} />;
  return <Fallback message={error instanceof Error ? error.message : 'An unexpected error occurred.'} />;
}
