import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { toast } from '@/lib/toast';
import { useCreateShare, useRevokeShare } from '../api/share';
import type { Project, ShareLink } from '../api/types';

/** The server answers `url` as a path (`/s/{token}`) or a full URL; show what a visitor would open. */
export function absoluteShareUrl(link: ShareLink): string {
  const url = link.url || `/s/${link.token}`;
  return /^https?:\/\//.test(url) ? url : `${window.location.origin}${url.startsWith('/') ? '' : '/'}${url}`;
}

export function ShareDialog({ project, onClose }: { project: Project; onClose(): void }) {
  const create = useCreateShare(project.id);
  const revoke = useRevokeShare(project.id);
  const [link, setLink] = useState<ShareLink | null>(
    project.shareUrl ? { token: project.shareUrl.split('/').pop() ?? '', url: project.shareUrl } : null,
  );
  const url = link ? absoluteShareUrl(link) : null;

  const copy = () => {
    if (!url) return;
    navigator.clipboard?.writeText(url).then(
      () => toast.success('Link copied.'),
      () => toast.error('Could not copy: select the link and copy it yourself.'),
    );
  };

  return (
    <Dialog title="Share a read-only link" onClose={onClose}>
      <div className="space-y-4 text-sm">
        <p className="text-slate-700 dark:text-slate-300">
          Anyone with the link can read this project&apos;s files, without logging in. They cannot change anything. Revoke the link to stop
          it working; creating a new link replaces the old one.
        </p>
        {url ? (
          <>
            <div className="flex gap-2">
              <label htmlFor="share-url" className="sr-only">
                Share link
              </label>
              <input
                id="share-url"
                readOnly
                value={url}
                onFocus={(e) => e.currentTarget.select()}
                className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-950"
                data-testid="share-url"
              />
              <Button variant="secondary" onClick={copy}>
                Copy
              </Button>
            </div>
            <div className="flex flex-wrap gap-2">
              <Button
                variant="danger"
                loading={revoke.isPending}
                onClick={() =>
                  revoke.mutate(undefined, {
                    onSuccess: () => {
                      setLink(null);
                      toast.success('The link no longer works.');
                    },
                  })
                }
              >
                Revoke link
              </Button>
              <Button variant="secondary" loading={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: setLink })}>
                Replace with a new link
              </Button>
            </div>
          </>
        ) : (
          <Button loading={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: setLink })}>
            Create link
          </Button>
        )}
      </div>
    </Dialog>
  );
}
