import { ComingSoon } from '@/components/ui/ComingSoon';

export function ProfilePage() {
  return <ComingSoon title="Profile" what="A public portfolio that builds itself from your projects and achievements." />;
}
