import { ComingSoon } from '@/components/ui/ComingSoon';

export function TutorPage() {
  return (
    <ComingSoon
      title="Tutor"
      what="An AI tutor that sees your lesson, your code and its error, and helps without giving the answer away."
    />
  );
}
