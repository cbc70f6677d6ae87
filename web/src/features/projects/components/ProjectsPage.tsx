import { ComingSoon } from '@/components/ui/ComingSoon';

export function ProjectsPage() {
  return <ComingSoon title="Projects" what="Multi-file projects with version history, sharing and export." />;
}
