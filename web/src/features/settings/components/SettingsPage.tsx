import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { useMe } from '@/lib/auth';
import { ProfileForm } from './ProfileForm';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionsList } from './SessionsList';
import { AppearanceForm } from './AppearanceForm';

export function SettingsPage() {
  const me = useMe();
  return (
    <Page title="Settings" description="Your profile, theme, password and signed-in devices.">
      {me.data ? (
        <div className="space-y-6">
          <ProfileForm user={me.data} />
          <AppearanceForm />
          <ChangePasswordForm />
          <SessionsList />
        </div>
      ) : (
        <PageLoading />
      )}
    </Page>
  );
}
