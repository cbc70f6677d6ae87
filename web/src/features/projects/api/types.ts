//! The projects API's JSON shapes, named from the generated OpenAPI types (`npm run gen:api`).

import type { components } from '@/lib/api/schema';

type Schemas = components['schemas'];

export type Project = Schemas['ProjectDto'];
export type CreateProjectRequest = Schemas['CreateProjectRequest'];
export type UpdateProjectRequest = Schemas['UpdateProjectRequest'];
export type Template = Schemas['TemplateDto'];
/** A file; `content` is there when one file (or a shared project) is read. */
export type ProjectFile = Schemas['ProjectFileDto'];
export type ProjectFileDetail = ProjectFile & { content: string };
export type FileVersion = Schemas['VersionDto'];
export type FileVersionDetail = FileVersion & { content: string };
export type ShareLink = Schemas['ShareDto'];
export type SharedProject = Schemas['SharedProjectDto'];
export type RunProjectRequest = Schemas['RunProjectRequest'];
