import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { TextField } from '@/components/ui/Field';
import { checkPath } from '@/components/projects/fileTree';
import { applyProblemToForm } from '@/lib/api/forms';

/** Asks for a path (new file, rename/move), checks it locally, then lets the server decide. */
export function PathDialog({
  title,
  initial,
  taken,
  except,
  submitLabel,
  onSubmit,
  onClose,
}: {
  title: string;
  initial: string;
  taken: readonly string[];
  except?: string;
  submitLabel: string;
  onSubmit(path: string): Promise<unknown>;
  onClose(): void;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkPath(value, taken, except);
    if (checked.error) {
      setError(checked.error);
      return;
    }
    if (checked.path === except) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(checked.path);
      onClose();
    } catch (err) {
      setError(applyProblemToForm(err, ['path']).path);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="path-dialog" loading={busy}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id="path-dialog" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Path"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setError(undefined);
          }}
          error={error}
          hint="Folders are part of the path: src/utils.py"
          autoFocus
          spellCheck={false}
          autoComplete="off"
        />
      </form>
    </Dialog>
  );
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  danger = true,
}: {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
  danger?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      applyProblemToForm(err, []);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} loading={busy} onClick={() => void go()}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="text-sm">{children}</div>
    </Dialog>
  );
}
