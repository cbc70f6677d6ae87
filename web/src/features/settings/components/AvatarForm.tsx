import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/Field';
import { Card } from '@/components/ui/Page';
import { errorMessage } from '@/lib/api/forms';
import type { User } from '@/lib/api/types';
import { toast } from '@/lib/toast';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, useRemoveAvatar, useUploadAvatar } from '../api/dataRights';

/** What is wrong with a chosen file before it is sent (the server checks again by decoding it). */
export function avatarProblem(file: { size: number; type: string }): string | null {
  if (!AVATAR_TYPES.includes(file.type)) return 'Choose a PNG, JPEG or WebP image.';
  if (file.size > AVATAR_MAX_BYTES) return `The image is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.`;
  return null;
}

export function AvatarForm({ user }: { user: User }) {
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The preview's object URL lives until the next preview or until the form goes away.
  const previewUrl = useRef<string | null>(null);
  const showPreview = (f: File | null) => {
    if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    previewUrl.current = f ? URL.createObjectURL(f) : null;
    setPreview(previewUrl.current);
  };
  useEffect(
    () => () => {
      if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    },
    [],
  );

  const choose = (f: File | undefined) => {
    setError(null);
    if (!f) return;
    const problem = avatarProblem(f);
    if (problem) {
      setError(problem);
      setFile(null);
      showPreview(null);
      return;
    }
    setFile(f);
    showPreview(f);
  };

  const save = () => {
    if (!file) return;
    upload.mutate(file, {
      onSuccess: () => {
        toast.success('Avatar saved.');
        setFile(null);
        showPreview(null);
        if (input.current) input.current.value = '';
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  const shown = preview ?? user.avatarUrl ?? null;
  return (
    <Card title="Avatar">
      <div className="flex flex-wrap items-center gap-4">
        {shown ? (
          <img
            src={shown}
            alt={preview ? 'Preview of the new avatar' : 'Your avatar'}
            className="h-20 w-20 rounded-full object-cover"
            width={80}
            height={80}
          />
        ) : (
          <span
            aria-hidden="true"
            className="flex h-20 w-20 items-center justify-center rounded-full bg-slate-100 text-2xl dark:bg-slate-800"
          >
            {(user.firstName || user.username || '?').slice(0, 1).toUpperCase()}
          </span>
        )}
        <div className="space-y-2">
          <label htmlFor="avatar-file" className="block text-sm font-medium">
            Image (PNG, JPEG or WebP, at most 2 MB)
          </label>
          <input
            id="avatar-file"
            ref={input}
            type="file"
            accept={AVATAR_TYPES.join(',')}
            onChange={(e) => choose(e.target.files?.[0])}
            className="text-sm"
          />
          <div className="flex gap-2">
            <Button onClick={save} disabled={!file} loading={upload.isPending}>
              Upload avatar
            </Button>
            {user.avatarUrl && !file && (
              <Button
                variant="secondary"
                loading={remove.isPending}
                onClick={() => remove.mutate(undefined, { onSuccess: () => toast.success('Avatar removed.') })}
              >
                Remove
              </Button>
            )}
          </div>
        </div>
      </div>
      {error && (
        <div className="mt-3">
          <FormAlert>{error}</FormAlert>
        </div>
      )}
    </Card>
  );
}
