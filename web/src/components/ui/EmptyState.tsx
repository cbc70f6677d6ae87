import type { ReactNode } from 'react';

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <h2 className="text-base font-semibold">{title}</h2>
      {children && <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
