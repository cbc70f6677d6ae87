//! API answers shaped like the server's, for the learning pages' tests.

import type { ContentDetail, ItemSummary, TrackDetail } from '@/lib/api/types';

export const user = { id: 'u1', email: 'ada@example.com', emailVerified: true, firstName: 'Ada', lastName: 'Lovelace', username: null };

export function summary(over: Partial<ItemSummary> & Pick<ItemSummary, 'slug' | 'title'>): ItemSummary {
  return {
    id: `id-${over.slug}`,
    type: 'lesson',
    difficulty: 'beginner',
    category: 'python',
    tags: [],
    estimatedMinutes: 8,
    track: 'python',
    progressPercentage: 0,
    completed: false,
    locked: false,
    missingPrerequisites: [],
    averageRating: null,
    ratingCount: 0,
    viewCount: 0,
    ...over,
  };
}

export const lesson: ContentDetail = {
  ...summary({ slug: 'py-hello', title: 'Your first program' }),
  id: '0eda211e-2e4f-4815-bf3f-8e0ea6cac37b',
  prerequisites: [],
  bookmarked: false,
  myRating: null,
  quiz: [],
  body: [
    '# Your first program',
    '',
    'Python runs **top to bottom**.',
    '',
    '```python',
    'print("Hello, world!")',
    '```',
    '',
    '```text',
    'Hello, world!',
    '```',
    '',
    'Then try the [greeting exercise](../exercises/py-greet/) or [this](javascript:alert(1)).',
    '',
    '<img src="x" onerror="alert(1)">',
  ].join('\n'),
};

export const exercise: ContentDetail = {
  ...summary({ slug: 'py-greet', title: 'Greet the user', type: 'exercise', locked: true }),
  id: 'a118c661-d001-4ee5-bea3-3c7bb3db4863',
  prerequisites: ['py-hello'],
  bookmarked: false,
  myRating: null,
  quiz: [],
  body: 'Read a name and print `Hello, <name>!`.',
  starterCode: { python: 'name = input()\n' },
  hints: ['`input()` gives you the line.', 'Use `.strip()`.'],
  testNames: ['greets a short name', 'ignores spaces'],
};

export const track: TrackDetail = {
  slug: 'python',
  title: 'Python',
  language: 'python',
  description: 'From print to classes.',
  itemCount: 3,
  completedCount: 1,
  modules: [
    {
      slug: 'first',
      title: 'First steps',
      items: [
        summary({ slug: 'py-hello', title: 'Your first program', completed: true }),
        summary({ slug: 'py-vars', title: 'Variables' }),
        summary({ slug: 'py-greet', title: 'Greet the user', type: 'exercise', locked: true }),
      ],
    },
  ],
};
