import { useState } from 'react';
import { Link } from 'react-router';
import { DailyChart, RunsChart } from '@/components/charts/Charts';
import { Button } from '@/components/ui/Button';
import { EmptyState } from '@/components/ui/EmptyState';
import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { errorMessage } from '@/lib/api/forms';
import { useMe } from '@/lib/auth';
import { toast } from '@/lib/toast';
import { formatMoment } from '@/lib/dates';
import {
  FEEDBACK_STATUSES,
  useFeedbackList,
  useOutbox,
  useStats,
  useUpdateFeedback,
  type AdminStats,
  type FeedbackItem,
} from '../api/admin';

function providers(t: AdminStats['tutor']): { label: string; value: number }[] {
  const raw = t?.byProvider;
  if (!raw) return [];
  if (Array.isArray(raw)) return raw.map((p) => ({ label: p.provider, value: p.count }));
  return Object.entries(raw).map(([label, value]) => ({ label, value }));
}

function Stats() {
  const stats = useStats();
  if (stats.isPending) return <PageLoading label="Loading statistics…" />;
  if (stats.isError) return <EmptyState title="Could not load statistics">{errorMessage(stats.error)}</EmptyState>;
  const s = stats.data;
  const tiles: [string, number | undefined][] = [
    ['Users', s.users?.total],
    ['Verified', s.users?.verified],
    ['Active (7 days)', s.users?.active7d],
    ['Active (30 days)', s.users?.active30d],
    ['Tutor messages', s.tutor?.messages],
    ['Conversations', s.tutor?.conversations],
    ['Completions', s.completions?.total],
  ];
  return (
    <div className="space-y-6" data-testid="admin-stats">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {tiles.map(([k, v]) => (
          <div key={k} className="rounded-md bg-slate-50 p-3 dark:bg-slate-800">
            <dt className="text-xs text-slate-600 dark:text-slate-400">{k}</dt>
            <dd className="text-xl font-semibold tabular-nums">{v ?? 0}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-6 md:grid-cols-2">
        <DailyChart
          days={(s.runsPerDay ?? []).map((d) => ({ date: d.date, value: d.count }))}
          caption="Runs per day, last 30 days"
          valueName="Runs"
          testId="admin-runs-per-day"
        />
        <RunsChart
          runs={(s.runsByLanguage ?? []).map((r) => ({ language: r.language, status: r.status ?? 'all', count: r.count }))}
          caption="Runs by language and outcome, last 30 days"
        />
        <DailyChart
          days={(s.completions?.perDay ?? []).map((d) => ({ date: d.date, value: d.count }))}
          caption="Completions per day"
          valueName="Completions"
          colour="#16a34a"
        />
        <section>
          <h3 className="mb-2 text-sm font-semibold">Tutor messages by provider</h3>
          {providers(s.tutor).length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No tutor messages yet.</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs text-slate-600 dark:text-slate-400">
                  <th scope="col" className="py-1">
                    Provider
                  </th>
                  <th scope="col" className="py-1 text-right">
                    Messages
                  </th>
                </tr>
              </thead>
              <tbody>
                {providers(s.tutor).map((p) => (
                  <tr key={p.label} className="border-t border-slate-200 dark:border-slate-800">
                    <th scope="row" className="py-1 text-left font-normal">
                      {p.label}
                    </th>
                    <td className="py-1 text-right tabular-nums">{p.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}

function FeedbackRow({ item }: { item: FeedbackItem }) {
  const update = useUpdateFeedback();
  const [note, setNote] = useState(item.adminNote ?? '');
  return (
    <li className="space-y-2 px-4 py-3" data-testid="feedback-item">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span className="rounded bg-slate-100 px-2 py-0.5 font-semibold text-slate-800 dark:bg-slate-800 dark:text-slate-100">
          {item.kind}
        </span>
        <span>{formatMoment(item.createdAt)}</span>
        {(item.username || item.email) && <span>by {item.username ?? item.email}</span>}
        {item.page && <span className="truncate">on {item.page}</span>}
        {item.rating != null && (
          <span className="font-medium text-slate-800 dark:text-slate-100" data-testid="feedback-rating">
            Rated {item.rating} of 5
          </span>
        )}
        {item.relatedEntity &&
          (item.relatedEntity.slug ? (
            <Link
              to={`/learn/${item.relatedEntity.slug}`}
              className="font-medium text-indigo-700 underline dark:text-indigo-300"
              data-testid="feedback-item-link"
            >
              {item.relatedEntity.type}: {item.relatedEntity.title ?? item.relatedEntity.slug}
            </Link>
          ) : (
            <span>
              {item.relatedEntity.type} {item.relatedEntity.id} (no longer in the curriculum)
            </span>
          ))}
      </div>
      <p className="text-sm whitespace-pre-wrap">{item.message}</p>
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`fb-status-${item.id}`} className="block text-xs font-medium">
            Status
          </label>
          <select
            id={`fb-status-${item.id}`}
            value={item.status}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ id: item.id, status: e.target.value }, { onSuccess: () => toast.success('Status changed.') })}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
          >
            {FEEDBACK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-48 flex-1">
          <label htmlFor={`fb-note-${item.id}`} className="block text-xs font-medium">
            Note
          </label>
          <input
            id={`fb-note-${item.id}`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
          />
        </div>
        <Button
          variant="secondary"
          className="py-1"
          disabled={note === (item.adminNote ?? '')}
          loading={update.isPending}
          onClick={() => update.mutate({ id: item.id, adminNote: note }, { onSuccess: () => toast.success('Note saved.') })}
        >
          Save note
        </Button>
      </div>
    </li>
  );
}

function Feedback() {
  const [status, setStatus] = useState<string>('new');
  const list = useFeedbackList(status);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2">
        <label htmlFor="fb-filter" className="text-sm font-medium">
          Show
        </label>
        <select
          id="fb-filter"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
        >
          <option value="">all</option>
          {FEEDBACK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {list.isPending ? (
        <PageLoading label="Loading feedback…" />
      ) : list.isError ? (
        <EmptyState title="Could not load feedback">{errorMessage(list.error)}</EmptyState>
      ) : list.data.length === 0 ? (
        <EmptyState title="Nothing here">No feedback{status ? ` with status “${status}”` : ''}.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {list.data.map((f) => (
            <FeedbackRow key={`${f.id}:${f.status}:${f.adminNote ?? ''}`} item={f} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Outbox() {
  const outbox = useOutbox(true);
  const [open, setOpen] = useState<string | null>(null);
  if (outbox.isPending) return <PageLoading label="Loading the outbox…" />;
  if (outbox.isError) return <EmptyState title="Could not load the outbox">{errorMessage(outbox.error)}</EmptyState>;
  if (outbox.data.mode === 'smtp')
    return <EmptyState title="Mail goes out by SMTP">The server sends e-mail directly; there is no local outbox to show.</EmptyState>;
  if (outbox.data.mails.length === 0) return <EmptyState title="The outbox is empty" />;
  return (
    <ul
      className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
      data-testid="outbox"
    >
      {outbox.data.mails.map((m) => (
        <li key={m.id} className="px-4 py-3 text-sm">
          <button
            type="button"
            className="w-full text-left"
            aria-expanded={open === m.id}
            onClick={() => setOpen(open === m.id ? null : m.id)}
          >
            <span className="font-medium">{m.subject}</span>
            <span className="block text-xs text-slate-600 dark:text-slate-400">
              to {m.to} · {formatMoment(m.createdAt)}
            </span>
          </button>
          {open === m.id && (
            <pre className="mt-2 max-h-80 overflow-auto rounded bg-slate-50 p-3 text-xs whitespace-pre-wrap dark:bg-slate-950">
              {m.body}
            </pre>
          )}
        </li>
      ))}
    </ul>
  );
}

const TABS = [
  { id: 'stats', label: 'Statistics' },
  { id: 'feedback', label: 'Feedback' },
  { id: 'outbox', label: 'Outbox' },
] as const;

/** `/admin`: for users with the admin role only; everyone else gets a plain refusal. */
export function AdminPage() {
  const me = useMe();
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('stats');
  if (me.isPending) return <PageLoading />;
  if (me.data?.role !== 'admin')
    return (
      <Page title="Administration">
        <EmptyState title="Admins only">This page is for the people who run this Codestead server.</EmptyState>
      </Page>
    );
  return (
    <Page title="Administration" wide>
      <div role="tablist" aria-label="Administration" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            onClick={() => setTab(t.id)}
            className={`border-b-2 px-3 py-2 text-sm font-medium ${tab === t.id ? 'border-indigo-600 text-indigo-800 dark:text-indigo-200' : 'border-transparent text-slate-700 dark:text-slate-300'}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'stats' && <Stats />}
      {tab === 'feedback' && <Feedback />}
      {tab === 'outbox' && <Outbox />}
    </Page>
  );
}
