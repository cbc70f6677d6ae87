//! Query keys of the learning feature, in one place so writes can invalidate what they change.

export const learnKeys = {
  all: ['learn'] as const,
  tracks: () => ['learn', 'tracks'] as const,
  track: (slug: string) => ['learn', 'tracks', slug] as const,
  content: (idOrSlug: string) => ['learn', 'content', idOrSlug] as const,
  next: (idOrSlug: string) => ['learn', 'next', idOrSlug] as const,
  progress: () => ['learn', 'progress'] as const,
  bookmarks: () => ['learn', 'bookmarks'] as const,
  attempts: (idOrSlug: string) => ['learn', 'attempts', idOrSlug] as const,
};
