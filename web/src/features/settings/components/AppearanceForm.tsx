import { Card } from '@/components/ui/Page';
import { useTheme, type ThemeChoice } from '@/lib/theme';

const OPTIONS: { value: ThemeChoice; label: string; hint: string }[] = [
  { value: 'system', label: 'Follow my system', hint: 'Light or dark, as your operating system is set.' },
  { value: 'light', label: 'Light', hint: '' },
  { value: 'dark', label: 'Dark', hint: '' },
];

/** The keyboard-friendly way to pick a theme, including going back to following the OS. */
export function AppearanceForm() {
  const { choice, setChoice } = useTheme();
  return (
    <Card title="Appearance">
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Theme</legend>
        <div className="space-y-2">
          {OPTIONS.map((o) => (
            <label key={o.value} className="flex items-start gap-3 text-sm">
              <input
                type="radio"
                name="theme"
                value={o.value}
                checked={choice === o.value}
                onChange={() => setChoice(o.value)}
                className="mt-0.5 h-4 w-4 accent-indigo-600"
              />
              <span>
                {o.label}
                {o.hint && <span className="block text-xs text-slate-600 dark:text-slate-400">{o.hint}</span>}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}
