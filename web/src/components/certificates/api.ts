//! Certificates of finished tracks: the learner's own, claiming one, and the public
//! verification of a code. Shared by the track page, the dashboard and the certificate page.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import type { Certificate, CertificateVerification, TrackSummary } from '@/lib/api/types';

export const certificateKeys = {
  mine: () => ['certificates', 'mine'] as const,
  verification: (code: string) => ['certificates', 'verify', code] as const,
  tracks: () => ['certificates', 'tracks'] as const,
};

export const getMyCertificates = () => api.get<Certificate[]>('/me/certificates');
export const claimCertificate = (track: string) => api.post<Certificate>('/me/certificates', { track });
export const verifyCertificate = (code: string) =>
  api.get<CertificateVerification>(`/certificates/${encodeURIComponent(code)}`, { on401: 'throw' });

export function useMyCertificates(enabled = true) {
  return useQuery({ queryKey: certificateKeys.mine(), queryFn: getMyCertificates, enabled, meta: { silent: true } });
}

export function useClaimCertificate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: claimCertificate,
    onSuccess: () => qc.invalidateQueries({ queryKey: certificateKeys.mine() }),
  });
}

export function useCertificateVerification(code: string | undefined) {
  return useQuery({
    queryKey: certificateKeys.verification(code ?? ''),
    queryFn: () => verifyCertificate(code!),
    enabled: !!code,
    retry: false,
    meta: { silent: true },
  });
}

/** Every track with the learner's counts (the dashboard's panel finds the finished ones). */
export function useTrackCounts(enabled = true) {
  return useQuery({
    queryKey: certificateKeys.tracks(),
    queryFn: () => api.get<TrackSummary[]>('/tracks'),
    enabled,
    meta: { silent: true },
  });
}
