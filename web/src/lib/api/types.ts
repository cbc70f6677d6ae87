//! Shapes of the API's JSON, as the app uses them. `schema.d.ts` (generated from the server's
//! OpenAPI document) is the source of truth; these names are what the features import.

export interface User {
  id: string;
  email: string;
  emailVerified?: boolean;
  emailVerifiedAt?: string | null;
  firstName: string;
  lastName: string;
  username: string;
  bio?: string | null;
  avatarUrl?: string | null;
  githubUsername?: string | null;
  linkedinUrl?: string | null;
  skillLevel?: string | null;
  learningPreferences?: unknown;
  role?: string;
  createdAt?: string;
}

export interface LoginResponse {
  user: User;
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent?: string | null;
  ip?: string | null;
  current: boolean;
}

export interface Language {
  id: string;
  name: string;
  version: string;
  available: boolean;
}

export type ExecutionStatus = 'ok' | 'compile_error' | 'runtime_error' | 'timeout' | 'memory_limit' | 'output_limit' | 'internal_error';

export interface ExecutionResult {
  id: string;
  status: ExecutionStatus;
  stdout: string;
  stderr: string;
  compileOutput?: string | null;
  exitCode?: number | null;
  executionTimeMs: number;
  cpuTimeMs?: number | null;
  memoryBytes?: number | null;
  cached?: boolean;
}
