//! A tiny toast store usable from React and from non-React code (the query cache, the API layer).

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

type Listener = () => void;

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const DISMISS_MS = 6000;

function emit() {
  for (const l of listeners) l();
}

function push(kind: ToastKind, message: string): number {
  const id = nextId++;
  // The same message twice in a row (two failing queries) shows once.
  if (toasts.some((t) => t.message === message && t.kind === kind)) return id;
  toasts = [...toasts, { id, kind, message }].slice(-4);
  emit();
  if (typeof window !== 'undefined') window.setTimeout(() => dismiss(id), kind === 'error' ? DISMISS_MS * 2 : DISMISS_MS);
  return id;
}

export function dismiss(id: number): void {
  const before = toasts.length;
  toasts = toasts.filter((t) => t.id !== id);
  if (toasts.length !== before) emit();
}

export const toast = {
  info: (m: string) => push('info', m),
  success: (m: string) => push('success', m),
  error: (m: string) => push('error', m),
};

export function subscribeToasts(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function getToasts(): Toast[] {
  return toasts;
}
