import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { ExecutionRequest, ExecutionResult } from '@/lib/api/types';

export const createExecution = (req: ExecutionRequest) => api.post<ExecutionResult>('/executions', req);

export function useRunCode() {
  // The output console shows every failure itself (rate limits with their wait), so no toast.
  return useMutation({ mutationFn: createExecution, meta: { silent: true } });
}
