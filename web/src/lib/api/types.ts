//! Names for the API's JSON shapes, taken from `schema.d.ts` (generated from the server's OpenAPI
//! document by `npm run gen:api`), so a server change shows up as a type error here.

import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['UserDto'];
export type LoginResponse = Schemas['LoginResponse'];
export type SessionInfo = Schemas['SessionDto'];
export type RegisterRequest = Schemas['RegisterRequest'];
export type UpdateMeRequest = Schemas['UpdateMeRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type ProblemDocument = Schemas['Problem'];

// Not in the server's OpenAPI document yet (the execution API lands later); written from
// shared/API.md until then. Replace with `Schemas[...]` once `npm run gen:api` brings them in.
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
