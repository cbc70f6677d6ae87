//! The output console moved to `src/components/run/OutputConsole.tsx` (the exercise page's Run
//! shows its output too); the playground keeps importing it from here.

export * from '@/components/run/OutputConsole';
