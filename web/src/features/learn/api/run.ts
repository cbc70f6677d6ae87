import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { ContentDetail, ExecutionRequest, ExecutionResult } from '@/lib/api/types';

/**
 * The run of an exercise's code with the learner's own input, laid out as a submission lays it
 * out (`runLayout`): with a driver, the driver is the entry and the code goes beside it, so a
 * file that only defines functions runs the way the tests run it.
 */
export function exerciseRunRequest(item: ContentDetail, language: string, code: string, stdin: string): ExecutionRequest {
  const layout = item.runLayout;
  if (!layout || language !== pickedLanguage(item)) return { language, code, stdin };
  return { language, files: [...layout.files, { path: layout.learnerFile, content: code }], entry: layout.entry, stdin };
}

/** The language the layout is for: the exercise's own (its only starter). */
function pickedLanguage(item: ContentDetail): string | undefined {
  return Object.keys(item.starterCode ?? {})[0];
}

/** The learner's line numbers are the entry's own only when the learner's file is the entry. */
export function runsLearnerFileAsEntry(item: ContentDetail): boolean {
  return !item.runLayout || item.runLayout.learnerFile === item.runLayout.entry;
}

export const runExercise = (req: ExecutionRequest) => api.post<ExecutionResult>('/executions', req);

export function useRunExercise() {
  // The page shows every failure (rate limits with their wait) itself.
  return useMutation({ mutationFn: runExercise, meta: { silent: true } });
}
