import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { SelectField, TextAreaField } from '@/components/ui/Field';
import { applyProblemToForm, type FieldErrors } from '@/lib/api/forms';
import { useCurrentPageSubject, type PageSubject } from '@/lib/pageSubject';
import { toast } from '@/lib/toast';
import { FEEDBACK_KINDS, useSendFeedback } from '../api/feedback';

const MAX = 5000;

export function FeedbackForm({ page, subject, onDone }: { page: string; subject?: PageSubject | null; onDone(): void }) {
  const send = useSendFeedback();
  // Opened on a lesson or exercise: about it, unless the learner says otherwise.
  const [kind, setKind] = useState<string>(subject ? 'content' : 'bug');
  const [about, setAbout] = useState(!!subject);
  const [rating, setRating] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) {
      setErrors({ message: 'Tell us what happened or what you would like.' });
      return;
    }
    setErrors({});
    send.mutate(
      {
        kind,
        message: message.trim(),
        page,
        ...(subject && about ? { relatedEntity: { type: subject.type, id: subject.id } } : {}),
        ...(subject && about && rating ? { rating: Number(rating) } : {}),
      },
      {
        onSuccess: () => {
          toast.success('Thank you: your feedback reached the team.');
          onDone();
        },
        onError: (err) => setErrors(applyProblemToForm(err, ['kind', 'message', 'page', 'rating', 'relatedEntity.id'])),
      },
    );
  };

  return (
    <form id="feedback-form" onSubmit={submit} className="space-y-4" noValidate>
      <SelectField label="What is it about?" value={kind} onChange={(e) => setKind(e.target.value)} error={errors.kind}>
        {FEEDBACK_KINDS.map((k) => (
          <option key={k.id} value={k.id}>
            {k.label}
          </option>
        ))}
      </SelectField>
      {subject && (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">The {subject.type} on this page</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" checked={about} onChange={(e) => setAbout(e.target.checked)} />
            <span>
              This is about the {subject.type} “{subject.title}”
            </span>
          </label>
          {about && (
            <SelectField
              label={`Your rating of this ${subject.type} (optional)`}
              value={rating}
              onChange={(e) => setRating(e.target.value)}
              error={errors.rating ?? errors['relatedEntity.id']}
            >
              <option value="">No rating</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {n} of 5
                </option>
              ))}
            </SelectField>
          )}
        </fieldset>
      )}
      <TextAreaField
        label="Message"
        rows={5}
        value={message}
        maxLength={MAX}
        onChange={(e) => setMessage(e.target.value)}
        error={errors.message}
        hint={`Sent with the page you are on (${page}). ${message.length}/${MAX}`}
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={send.isPending}>
          Send feedback
        </Button>
      </div>
    </form>
  );
}

/** The shell's "Feedback" button: a short form about the page the learner is on. */
export function FeedbackButton() {
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const subject = useCurrentPageSubject();
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        Feedback
      </button>
      {open && (
        <Dialog title="Send feedback" onClose={() => setOpen(false)}>
          <FeedbackForm page={location.pathname} subject={subject} onDone={() => setOpen(false)} />
        </Dialog>
      )}
    </>
  );
}
