//! The portfolio API's JSON shapes, by hand from the contract until the generated types have them.
//! The readers below accept the few shapes the contract leaves open (links as a list or a map,
//! skills as names or objects), so the page renders whichever the server settles on.

export interface ProfileLink {
  label: string;
  url: string;
}

export interface Skill {
  name: string;
  level?: string | null;
  count?: number | null;
}

export interface ProfileProject {
  id: string;
  title: string;
  description?: string | null;
  language?: string | null;
  technologyStack?: string[] | string | null;
  readme?: string | null;
  fileCount?: number;
  lineCount?: number;
  lastActivityAt?: string | null;
  updatedAt?: string | null;
}

export interface Achievement {
  id?: string;
  code?: string;
  name?: string;
  title?: string;
  description?: string | null;
  icon?: string | null;
  earnedAt?: string | null;
  awardedAt?: string | null;
}

export interface ActivityDay {
  date: string;
  count: number;
}

export interface PublicProfile {
  username: string;
  name?: string | null;
  bio?: string | null;
  links?: unknown;
  avatarUrl?: string | null;
  skills?: unknown;
  projects?: ProfileProject[];
  achievements?: Achievement[];
  activity?: ActivityDay[];
}

export interface ShowcaseFile {
  path: string;
  content: string;
}

export interface Showcase {
  project: ProfileProject & { entry?: string | null };
  files: ShowcaseFile[];
  readme?: string | null;
}

export interface Analytics {
  timeLearningSeconds?: number;
  timeLearning?: { totalSeconds?: number; perDay?: { date: string; seconds: number }[] } | number;
  runsByLanguage?: { language: string; status?: string; outcome?: string; count: number }[];
  tutor?: {
    messages?: number;
    conversations?: number;
    perDay?: { date: string; count: number }[];
    byDay?: { date: string; count: number }[];
  };
  completions?: { total?: number; perDay?: { date: string; count: number }[] } | number;
}

export function readLinks(raw: unknown): ProfileLink[] {
  if (!raw) return [];
  const out: ProfileLink[] = [];
  const push = (label: unknown, url: unknown) => {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return;
    out.push({ label: typeof label === 'string' && label ? label : url.replace(/^https?:\/\/(www\.)?/i, ''), url });
  };
  if (Array.isArray(raw)) {
    for (const l of raw) {
      if (typeof l === 'string') push(null, l);
      else if (l && typeof l === 'object') {
        const o = l as Record<string, unknown>;
        push(o.label ?? o.name ?? o.kind, o.url ?? o.href);
      }
    }
  } else if (typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) push(k, v);
  }
  return out;
}

export function readSkills(raw: unknown): Skill[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((s): Skill | null => {
      if (typeof s === 'string') return { name: s };
      if (s && typeof s === 'object') {
        const o = s as Record<string, unknown>;
        const name = o.name ?? o.skill ?? o.language ?? o.track;
        if (typeof name !== 'string') return null;
        const count = typeof o.count === 'number' ? o.count : typeof o.completed === 'number' ? o.completed : null;
        return { name, level: typeof o.level === 'string' ? o.level : null, count };
      }
      return null;
    })
    .filter((s): s is Skill => s !== null);
}

export function achievementName(a: Achievement): string {
  return a.name ?? a.title ?? a.code ?? 'Achievement';
}

/** The showcase answers either `{project, files, readme}` or the project with `files` inline. */
export function readShowcase(raw: unknown): Showcase {
  const o = (raw ?? {}) as Record<string, unknown>;
  const project = (o.project ?? o) as Showcase['project'];
  const files = (Array.isArray(o.files) ? o.files : []) as ShowcaseFile[];
  const readme =
    typeof o.readme === 'string' ? o.readme : (files.find((f) => /^readme\.md$/i.test(f.path))?.content ?? project.readme ?? null);
  return { project, files, readme };
}
