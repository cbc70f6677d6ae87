//! Classrooms: classes, join codes, assignments, the teacher's grid, a student's detail,
//! review comments on attempts and the notifications that announce them.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type ClassInfo = S['ClassDto'];
export type Member = S['MemberDto'];
export type Assignment = S['AssignmentDto'];
export type MyAssignment = S['MyAssignmentDto'];
export type Grid = S['GridDto'];
export type GridRow = S['GridRowDto'];
export type StudentDetail = S['StudentDetailDto'];
export type Submission = S['SubmissionDto'];
export type Thread = S['ThreadDto'];
export type Notifications = S['NotificationsDto'];
export type CreateAssignment = S['CreateAssignmentRequest'];
export type Regrade = S['RegradeDto'];

export const keys = {
  classes: () => ['classes'] as const,
  class: (id: string) => ['classes', id] as const,
  assignments: (id: string) => ['classes', id, 'assignments'] as const,
  grid: (id: string) => ['classes', id, 'grid'] as const,
  regrade: (assignment: string) => ['assignments', assignment, 'regrade'] as const,
  student: (id: string, user: string) => ['classes', id, 'students', user] as const,
  mine: () => ['me', 'assignments'] as const,
  submission: (id: string) => ['submissions', id] as const,
  threads: (target: string) => ['comments', target] as const,
  notifications: () => ['notifications'] as const,
  unread: () => ['notifications', 'count'] as const,
};

export const useClasses = () => useQuery({ queryKey: keys.classes(), queryFn: () => api.get<ClassInfo[]>('/classes') });
export const useClass = (id: string) => useQuery({ queryKey: keys.class(id), queryFn: () => api.get<ClassInfo>(`/classes/${id}`) });
export const useAssignments = (id: string) =>
  useQuery({ queryKey: keys.assignments(id), queryFn: () => api.get<Assignment[]>(`/classes/${id}/assignments`) });
export const useGrid = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.grid(id), queryFn: () => api.get<Grid>(`/classes/${id}/grid`), enabled });
export const useStudent = (id: string, user: string) =>
  useQuery({ queryKey: keys.student(id, user), queryFn: () => api.get<StudentDetail>(`/classes/${id}/students/${user}`) });
export const useMyAssignments = () => useQuery({ queryKey: keys.mine(), queryFn: () => api.get<MyAssignment[]>('/me/assignments') });
export const useSubmission = (id: string) =>
  useQuery({ queryKey: keys.submission(id), queryFn: () => api.get<Submission>(`/submissions/${id}`), retry: false });
export const useThreads = (target: string) =>
  useQuery({ queryKey: keys.threads(target), queryFn: () => api.get<Thread[]>(`/comments?target=${encodeURIComponent(target)}`) });
export const useNotifications = () => useQuery({ queryKey: keys.notifications(), queryFn: () => api.get<Notifications>('/notifications') });
export const useUnread = (enabled: boolean) =>
  useQuery({
    queryKey: keys.unread(),
    queryFn: () => api.get<{ unread: number }>('/notifications/count'),
    enabled,
    refetchInterval: 60_000,
    meta: { silent: true },
  });

export function useCreateClass() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<ClassInfo>('/classes', { name }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.classes() }),
  });
}

export function useJoinClass() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<ClassInfo>('/classes/join', { code }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.classes() });
      void qc.invalidateQueries({ queryKey: keys.mine() });
    },
  });
}

export function useBecomeTeacher() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/me/teacher'),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['me'] }),
  });
}

export function useRotateCode(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.patch<ClassInfo>(`/classes/${id}`, { rotateJoinCode: true }),
    onSuccess: (c) => qc.setQueryData(keys.class(id), c),
  });
}

export function useCreateAssignment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAssignment) => api.post<Assignment>(`/classes/${id}/assignments`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.assignments(id) });
      void qc.invalidateQueries({ queryKey: keys.grid(id) });
    },
  });
}

/**
 * The assignment's newest re-grade. While one runs it is read again every two seconds, and
 * the grid is refreshed once it has finished. None yet: `null`.
 */
export function useRegradeStatus(classId: string, assignment: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: keys.regrade(assignment),
    queryFn: async () => {
      try {
        const r = await api.get<Regrade>(`/assignments/${assignment}/regrade`);
        if (r.status !== 'running') void qc.invalidateQueries({ queryKey: keys.grid(classId) });
        return r;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    meta: { silent: true },
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 2_000 : false),
  });
}

/** Starts re-grading an assignment for the whole class (bulk lane; see docs/teachers.md). */
export function useStartRegrade(classId: string, assignment: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Regrade>(`/assignments/${assignment}/regrade`),
    onSuccess: (r) => {
      qc.setQueryData(keys.regrade(assignment), r);
      void qc.invalidateQueries({ queryKey: keys.grid(classId) });
    },
  });
}

export function useComment(target: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { startLine?: number; endLine?: number; body: string; parentId?: string }) =>
      api.post<S['CommentDto']>('/comments', { target, ...body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.threads(target) }),
  });
}

export function useResolve(target: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, resolved }: { id: string; resolved: boolean }) => api.patch<S['CommentDto']>(`/comments/${id}`, { resolved }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.threads(target) }),
  });
}

export function useReadAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ unread: number }>('/notifications/read', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications() }),
  });
}

/** Words for a grid cell, read out by screen readers and shown in the CSV. */
export const STATUS_WORDS: Record<string, string> = {
  done: 'Done',
  in_progress: 'In progress',
  failing: 'Failing tests',
  not_started: 'Not started',
};
