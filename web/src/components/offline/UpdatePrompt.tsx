import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { usePendingUpdate } from '@/lib/offline/register';

/** "A new version is available — Reload": the service worker's update waits for this click. */
export function UpdatePrompt() {
  const update = usePendingUpdate();
  const [reloading, setReloading] = useState(false);
  if (!update) return null;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center justify-center gap-3 border-b border-indigo-200 bg-indigo-50 px-4 py-2 text-sm text-indigo-950 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-100"
      data-testid="update-prompt"
    >
      <span>A new version of Codestead is available.</span>
      <Button
        variant="primary"
        loading={reloading}
        onClick={() => {
          setReloading(true);
          void update(true);
        }}
      >
        Reload
      </Button>
    </div>
  );
}
