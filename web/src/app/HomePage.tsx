import { Link, Navigate } from 'react-router';
import { useMe } from '@/lib/auth';
import { PageLoading } from '@/components/ui/Spinner';
import { useEffect } from 'react';
import { useTracks } from '@/features/learn/api/tracks';

const FEATURES: { title: string; text: string }[] = [
  { title: 'Read, then try', text: 'Short lessons with examples, quizzes that explain a wrong answer, and exercises checked as you go.' },
  { title: 'Run real code', text: 'Python, JavaScript, Java and C++ run safely on this server, right beside the lesson.' },
  {
    title: 'A tutor that sees your code',
    text: 'Ask for help and the tutor already knows the lesson, your code and the error. It gives hints, not answers.',
  },
  { title: 'Projects and a portfolio', text: 'Keep projects with their full history, and share a public portfolio when you choose to.' },
];

/**
 * `/` for a visitor: what Codestead is and the ways in (create an account, log in, or read the
 * lessons without one). A signed-in learner goes straight to the dashboard.
 */
export function HomePage() {
  const me = useMe();
  const tracks = useTracks();
  useEffect(() => {
    document.title = 'Codestead · learn to program';
  }, []);
  if (me.isPending) return <PageLoading />;
  if (me.data) return <Navigate to="/dashboard" replace />;
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6">
      <section className="max-w-2xl">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Learn to program, one page at a time</h1>
        <p className="mt-3 text-lg text-slate-700 dark:text-slate-300">
          Codestead puts the lesson, a real code editor, a safe place to run your program and a tutor in one browser tab.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/register" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
            Create a free account
          </Link>
          <Link
            to="/login"
            className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Log in
          </Link>
          <Link to="/learn" className="px-2 py-2 font-medium text-indigo-700 underline dark:text-indigo-300">
            Browse the lessons first
          </Link>
        </div>
      </section>

      <section aria-labelledby="home-features" className="mt-12">
        <h2 id="home-features" className="sr-only">
          What you get
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {FEATURES.map((f) => (
            <li key={f.title} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <h3 className="font-semibold">{f.title}</h3>
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{f.text}</p>
            </li>
          ))}
        </ul>
      </section>

      {tracks.data && tracks.data.length > 0 && (
        <section aria-labelledby="home-tracks" className="mt-12">
          <h2 id="home-tracks" className="text-xl font-semibold">
            Tracks
          </h2>
          <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {tracks.data.map((t) => (
              <li key={t.slug}>
                <Link
                  to={`/learn/tracks/${encodeURIComponent(t.slug)}`}
                  className="block h-full rounded-lg border border-slate-200 p-4 hover:border-indigo-400 dark:border-slate-800"
                >
                  <span className="font-semibold">{t.title}</span>{' '}
                  <span className="mt-1 block text-sm text-slate-700 dark:text-slate-300">{t.itemCount} lessons and exercises</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
