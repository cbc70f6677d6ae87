//! Turns an API error into form-field messages, or into a toast when no field can show it.

import { toast } from '@/lib/toast';
import { isApiError } from './problem';

export type FieldErrors = Record<string, string>;

/** A readable sentence for any thrown value. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}

/**
 * Maps `fields` of a problem onto the form's own fields; whatever the form cannot show (no
 * fields, or fields the form does not have) goes to a toast, so no error is ever swallowed.
 * Returns the field errors to render.
 */
export function applyProblemToForm(e: unknown, formFields: readonly string[]): FieldErrors {
  if (isApiError(e) && e.fields) {
    const mapped: FieldErrors = {};
    const unmapped: string[] = [];
    for (const [name, message] of Object.entries(e.fields)) {
      if (formFields.includes(name)) mapped[name] = message;
      else unmapped.push(`${name}: ${message}`);
    }
    if (unmapped.length > 0 || Object.keys(mapped).length === 0) {
      toast.error(unmapped.length > 0 ? `${e.message} (${unmapped.join('; ')})` : e.message);
    }
    return mapped;
  }
  toast.error(errorMessage(e));
  return {};
}
