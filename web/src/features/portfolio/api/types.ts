//! The portfolio API's JSON shapes, by hand from the contract until the generated types have them.
//! The readers below accept the few shapes the contract leaves open (links as a list or a map,
//! skills as names or objects), so the page renders whichever the server settles on.

export interface ProfileLink {
  label: string;
  url: string;
}

export interface Skill {
  name: string;
  /** A short note on how much: "12 runs", "3/10 done". */
  level?: string | null;
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
  project: ProfileProject & { entryPath?: string | null; entry?: string | null };
  files: ShowcaseFile[];
  readme?: string | null;
}

export interface Analytics {
  timeSpentSeconds?: number;
  timeLearningSeconds?: number;
  runs?: { language: string; status?: string; outcome?: string; count: number }[];
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

const LINK_NAMES: Record<string, string> = { github: 'GitHub', linkedin: 'LinkedIn', website: 'Website' };

export function readLinks(raw: unknown): ProfileLink[] {
  if (!raw) return [];
  const out: ProfileLink[] = [];
  const push = (label: unknown, url: unknown) => {
    // Only web links: a `javascript:` URL in a profile must never become a clickable link.
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return;
    const name = typeof label === 'string' && label ? (LINK_NAMES[label.toLowerCase()] ?? label) : url.replace(/^https?:\/\/(www\.)?/i, '');
    out.push({ label: name, url });
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

const LANGUAGE_NAMES: Record<string, string> = { python: 'Python', javascript: 'JavaScript', java: 'Java', cpp: 'C++' };

/**
 * Skills as chips: the server sends `{tracks, categories, languages}` (progress per track, completed
 * items per category, runs and projects per language); a plain list of names works too.
 */
export function readSkills(raw: unknown): Skill[] {
  if (Array.isArray(raw)) {
    return raw
      .map((s): Skill | null => {
        if (typeof s === 'string') return { name: s };
        const o = (s ?? {}) as Record<string, unknown>;
        return typeof o.name === 'string' ? { name: o.name, level: typeof o.level === 'string' ? o.level : null } : null;
      })
      .filter((s): s is Skill => s !== null);
  }
  if (!raw || typeof raw !== 'object') return [];
  const o = raw as { tracks?: unknown; categories?: unknown; languages?: unknown };
  const out: Skill[] = [];
  for (const l of Array.isArray(o.languages) ? o.languages : []) {
    const x = l as { language?: string; runs?: number; projects?: number };
    if (!x.language) continue;
    const bits = [x.runs ? `${x.runs} runs` : '', x.projects ? `${x.projects} ${x.projects === 1 ? 'project' : 'projects'}` : ''].filter(
      Boolean,
    );
    out.push({ name: LANGUAGE_NAMES[x.language] ?? x.language, level: bits.join(', ') || null });
  }
  for (const t of Array.isArray(o.tracks) ? o.tracks : []) {
    const x = t as { title?: string; track?: string; completed?: number; total?: number };
    if (!x.completed) continue;
    out.push({ name: x.title ?? x.track ?? 'Track', level: `${x.completed}/${x.total ?? '?'} done` });
  }
  // A category named like a language or a track it belongs to ("python") would repeat a chip above.
  const shown = new Set(out.map((s) => s.name.toLowerCase().replace(/ track$/, '')));
  for (const t of Array.isArray(o.tracks) ? o.tracks : []) {
    const slug = (t as { track?: string }).track;
    if (slug) shown.add(slug.toLowerCase());
  }
  const categories = Array.isArray(o.categories)
    ? (o.categories as { category?: string; completed?: number }[])
    : o.categories && typeof o.categories === 'object'
      ? Object.entries(o.categories as Record<string, number>).map(([category, completed]) => ({ category, completed }))
      : [];
  for (const x of categories) {
    if (!x.category || !x.completed || shown.has(x.category.toLowerCase())) continue;
    out.push({ name: x.category, level: `${x.completed} done` });
  }
  return out;
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
