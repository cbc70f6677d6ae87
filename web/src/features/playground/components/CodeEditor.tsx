//! The playground's editor is the shared Monaco component; this module keeps its lazy chunk local.

export { default } from '@/components/editor/CodeEditor';
export type { CodeEditorProps, EditorHandle, EditorMarker } from '@/components/editor/CodeEditor';
