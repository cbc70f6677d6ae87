import { ComingSoon } from '@/components/ui/ComingSoon';

export function LearnPage() {
  return <ComingSoon title="Learn" what="Tracks of lessons, exercises and quizzes, with your progress through each." />;
}
