import { Page } from '@/components/ui/Page';
import { PageLoading } from '@/components/ui/Spinner';
import { useMe } from '@/lib/auth';
import { ProfileForm } from './ProfileForm';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionsList } from './SessionsList';
import { AppearanceForm } from './AppearanceForm';
import { AvatarForm } from './AvatarForm';
import { DataRightsCard } from './DataRightsCard';

export function SettingsPage() {
  const me = useMe();
  return (
    <Page title="Settings" description="Your profile, avatar, theme, password, signed-in devices and data.">
      {me.data ? (
        <div className="space-y-6">
          <ProfileForm user={me.data} />
          <AvatarForm user={me.data} />
          <AppearanceForm />
          <ChangePasswordForm />
          <SessionsList />
          <DataRightsCard user={me.data} />
        </div>
      ) : (
        <PageLoading />
      )}
    </Page>
  );
}
