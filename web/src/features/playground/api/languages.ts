import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { Language } from '@/lib/api/types';

export const getLanguages = () => api.get<Language[]>('/languages');

export function useLanguages() {
  return useQuery({ queryKey: ['languages'], queryFn: getLanguages, staleTime: 5 * 60_000, meta: { silent: true } });
}
