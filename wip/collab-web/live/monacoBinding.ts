//! Binds a Monaco editor to a `Y.Text`, our own small version of what y-monaco does (y-monaco
//! imports `monaco-editor` itself and clashes with `@monaco-editor/react`'s loader):
//! local edits become Yjs operations, remote ones Monaco edits; `Y.UndoManager` tracks only this
//! person's edits, so Ctrl+Z never undoes a collaborator's typing; others' cursors and selections
//! are drawn in their colour with their name.
//!
//! It needs only the parts of Monaco it uses (the interfaces below), so it is tested with a
//! small model in vitest and runs against the real editor in the browser.

import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

export interface Position {
  lineNumber: number;
  column: number;
}

export interface Range {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export interface Disposable {
  dispose(): void;
}

export interface TextModel {
  getValue(): string;
  setValue(value: string): void;
  getOffsetAt(position: Position): number;
  getPositionAt(offset: number): Position;
  applyEdits(edits: { range: Range; text: string }[]): unknown;
  onDidChangeContent(listener: (e: { changes: ContentChange[] }) => void): Disposable;
}

export interface Selection {
  selectionStartLineNumber: number;
  selectionStartColumn: number;
  positionLineNumber: number;
  positionColumn: number;
}

export interface Decoration {
  range: Range;
  options: { className?: string; afterContentClassName?: string; hoverMessage?: { value: string }; stickiness?: number };
}

export interface CodeEditorLike {
  getModel(): TextModel | null;
  getSelection(): Selection | null;
  onDidChangeCursorSelection(listener: () => void): Disposable;
  createDecorationsCollection(decorations?: Decoration[]): { set(decorations: Decoration[]): void; clear(): void };
}

/** Who a collaborator is, as announced over awareness. */
export interface Presence {
  name: string;
  color: string;
}

interface Cursor {
  anchor: Y.RelativePositionJSON;
  head: Y.RelativePositionJSON;
}

/** A colour per person, stable for their name, readable in both themes. */
export function colorFor(name: string): string {
  const palette = ['#c2410c', '#15803d', '#1d4ed8', '#a21caf', '#b45309', '#0f766e', '#be123c', '#4338ca'];
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}

const styled = new Set<number>();

/** One CSS rule per remote client: its colour on the selection, the caret and the name label. */
function ensureStyle(clientId: number, presence: Presence) {
  if (styled.has(clientId) || typeof document === 'undefined') return;
  styled.add(clientId);
  const style = document.createElement('style');
  const name = JSON.stringify(presence.name);
  style.textContent = `
.y-selection-${clientId} { background-color: ${presence.color}33; }
.y-cursor-${clientId} { border-left: 2px solid ${presence.color}; margin-left: -1px; }
.y-cursor-${clientId}::after { content: ${name}; position: absolute; transform: translateY(-100%);
  background: ${presence.color}; color: #fff; font-size: 11px; padding: 0 3px; border-radius: 2px; white-space: nowrap; pointer-events: none; }`;
  document.head.appendChild(style);
}

export class MonacoBinding {
  readonly undoManager: Y.UndoManager;
  private readonly ytext: Y.Text;
  private readonly model: TextModel;
  private readonly editor: CodeEditorLike | null;
  private readonly awareness: Awareness | null;
  private readonly disposables: Disposable[] = [];
  private decorations: { set(d: Decoration[]): void; clear(): void } | null = null;
  /** Set while we apply a remote change to Monaco, so it is not sent back as a local one. */
  private applyingRemote = false;

  constructor(ytext: Y.Text, model: TextModel, editor: CodeEditorLike | null = null, awareness: Awareness | null = null) {
    this.ytext = ytext;
    this.model = model;
    this.editor = editor;
    this.awareness = awareness;
    // Only edits made through this binding are undoable here: a collaborator's are not ours.
    this.undoManager = new Y.UndoManager(ytext, { trackedOrigins: new Set([this]) });

    // The document is the truth: the model starts from its text.
    if (model.getValue() !== ytext.toString()) this.remote(() => model.setValue(ytext.toString()));

    ytext.observe(this.onYText);
    this.disposables.push(model.onDidChangeContent((e) => this.onModel(e.changes)));
    if (editor && awareness) {
      this.decorations = editor.createDecorationsCollection([]);
      this.disposables.push(editor.onDidChangeCursorSelection(() => this.publishCursor()));
      awareness.on('change', this.renderCursors);
      this.renderCursors();
    }
  }

  private remote(apply: () => void) {
    this.applyingRemote = true;
    try {
      apply();
    } finally {
      this.applyingRemote = false;
    }
  }

  private onYText = (event: Y.YTextEvent, txn: Y.Transaction) => {
    if (txn.origin === this) return;
    this.remote(() => {
      let index = 0;
      const edits: { range: Range; text: string }[] = [];
      // Offsets in the delta are into the text before the change; Monaco applies a batch of
      // edits against the model as it was, so each edit's range uses the old positions.
      for (const op of event.delta) {
        if (op.retain !== undefined) {
          index += op.retain;
        } else if (op.insert !== undefined) {
          const at = this.model.getPositionAt(index);
          edits.push({ range: { startLineNumber: at.lineNumber, startColumn: at.column, endLineNumber: at.lineNumber, endColumn: at.column }, text: op.insert as string });
        } else if (op.delete !== undefined) {
          const from = this.model.getPositionAt(index);
          const to = this.model.getPositionAt(index + op.delete);
          edits.push({ range: { startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: to.lineNumber, endColumn: to.column }, text: '' });
          index += op.delete;
        }
      }
      this.model.applyEdits(edits);
    });
    this.renderCursors();
  };

  private onModel(changes: ContentChange[]) {
    if (this.applyingRemote) return;
    // Monaco reports a batch against the text before it; from the back, earlier offsets hold.
    const sorted = [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
    this.ytext.doc!.transact(() => {
      for (const c of sorted) {
        if (c.rangeLength > 0) this.ytext.delete(c.rangeOffset, c.rangeLength);
        if (c.text) this.ytext.insert(c.rangeOffset, c.text);
      }
    }, this);
  }

  undo() {
    this.undoManager.undo();
  }

  redo() {
    this.undoManager.redo();
  }

  private publishCursor() {
    const sel = this.editor?.getSelection();
    if (!sel || !this.awareness) return;
    const anchor = this.model.getOffsetAt({ lineNumber: sel.selectionStartLineNumber, column: sel.selectionStartColumn });
    const head = this.model.getOffsetAt({ lineNumber: sel.positionLineNumber, column: sel.positionColumn });
    // Relative positions survive others' edits before the cursor.
    const cursor: Cursor = {
      anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.ytext, anchor)),
      head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.ytext, head)),
    };
    this.awareness.setLocalStateField('cursor', cursor);
  }

  private absolute(json: Y.RelativePositionJSON): number | null {
    const pos = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), this.ytext.doc!);
    return pos && pos.type === this.ytext ? pos.index : null;
  }

  /** Others' cursors and selections as decorations. */
  private renderCursors = () => {
    if (!this.awareness || !this.decorations) return;
    const decorations: Decoration[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness!.clientID) return;
      const cursor = state.cursor as Cursor | undefined;
      const user = state.user as Presence | undefined;
      if (!cursor || !user) return;
      const anchor = this.absolute(cursor.anchor);
      const head = this.absolute(cursor.head);
      if (anchor === null || head === null) return;
      ensureStyle(clientId, user);
      const [from, to] = anchor <= head ? [anchor, head] : [head, anchor];
      const a = this.model.getPositionAt(from);
      const b = this.model.getPositionAt(to);
      if (from !== to) {
        decorations.push({
          range: { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column },
          options: { className: `y-selection-${clientId}`, hoverMessage: { value: user.name } },
        });
      }
      const h = this.model.getPositionAt(head);
      decorations.push({
        range: { startLineNumber: h.lineNumber, startColumn: h.column, endLineNumber: h.lineNumber, endColumn: h.column },
        options: { className: `y-cursor y-cursor-${clientId}`, hoverMessage: { value: user.name }, stickiness: 1 },
      });
    });
    this.decorations.set(decorations);
  };

  destroy() {
    this.ytext.unobserve(this.onYText);
    this.awareness?.off('change', this.renderCursors);
    this.decorations?.clear();
    for (const d of this.disposables) d.dispose();
    this.undoManager.destroy();
  }
}
