//! The projects API's JSON shapes. Written by hand from the contract (shared/API.md) until the
//! server's OpenAPI document has them; then these become aliases of the generated types.

export type ProjectLanguage = 'python' | 'javascript' | 'java' | 'cpp' | (string & {});

export interface Project {
  id: string;
  title: string;
  description?: string | null;
  technologyStack?: string[] | string | null;
  language?: ProjectLanguage | null;
  /** The file a run starts from unless the run names another. */
  entryPath?: string | null;
  templateId?: string | null;
  isPublic: boolean;
  fileCount: number;
  lineCount: number;
  totalBytes?: number;
  lastActivityAt?: string | null;
  createdAt: string;
  updatedAt?: string;
  deletedAt?: string | null;
  /** When a trashed project is deleted for good. */
  purgeAt?: string | null;
  /** The active share link (`/s/{token}`), owner's view only. */
  shareUrl?: string | null;
}

export interface CreateProjectRequest {
  title: string;
  description?: string;
  technologyStack?: string[];
  isPublic?: boolean;
  templateId?: string;
}

export interface UpdateProjectRequest {
  title?: string;
  description?: string | null;
  technologyStack?: string[];
  isPublic?: boolean;
  entryPath?: string | null;
}

export interface Template {
  id: string;
  name: string;
  language: ProjectLanguage;
  description?: string | null;
  entry?: string;
  files?: { path: string }[];
}

/** A file in the tree: no content (that comes with GET …/files/{id}). */
export interface ProjectFile {
  id: string;
  path: string;
  sizeBytes?: number;
  lineCount?: number;
  /** Number of the newest version (the current content). */
  version?: number;
  updatedAt?: string;
}

export interface ProjectFileDetail extends ProjectFile {
  content: string;
}

export interface FileVersion {
  versionNumber: number;
  createdAt: string;
  changeDescription?: string | null;
  sizeBytes?: number;
  lineCount?: number;
}

export interface FileVersionDetail extends FileVersion {
  content: string;
}

export interface ShareLink {
  token: string;
  url: string;
}

export interface RunProjectRequest {
  entry?: string;
  stdin?: string;
}

/** What `GET /shared/{token}` answers: the project and every file with its content. */
export interface SharedProject {
  project: Project;
  files: { path: string; content?: string | null }[];
}
