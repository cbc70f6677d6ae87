//! Binds a Monaco editor to a `Y.Text`: our own small version of what y-monaco does (y-monaco
//! imports `monaco-editor` itself and clashes with `@monaco-editor/react`'s loader). Local edits
//! become Yjs operations, remote ones Monaco edits; a `Y.UndoManager` tracks only this person's
//! edits, so Ctrl+Z never undoes a collaborator's typing; others' cursors and selections are drawn
//! in their colour with their name.
//!
//! It needs only the parts of Monaco it uses (the interfaces below), so vitest drives it with a
//! small model and the browser with the real editor.

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

/** The parts of Monaco's `ITextModel` the binding uses (offsets are UTF-16, as in `Y.Text`). */
export interface TextModel {
  getValue(): string;
  setValue(value: string): void;
  getOffsetAt(position: Position): number;
  getPositionAt(offset: number): Position;
  applyEdits(edits: { range: Range; text: string }[]): unknown;
  onDidChangeContent(listener: (e: { changes: readonly ContentChange[] }) => void): Disposable;
}

export interface Selection {
  selectionStartLineNumber: number;
  selectionStartColumn: number;
  positionLineNumber: number;
  positionColumn: number;
}

export interface Decoration {
  range: Range;
  options: {
    className?: string;
    beforeContentClassName?: string;
    afterContentClassName?: string;
    hoverMessage?: { value: string };
  };
}

export interface DecorationsCollection {
  set(decorations: Decoration[]): unknown;
  clear(): void;
}

/** The parts of Monaco's code editor the binding uses for presence. */
export interface CodeEditorLike {
  getSelection(): Selection | null;
  onDidChangeCursorSelection(listener: () => void): Disposable;
  createDecorationsCollection(decorations?: Decoration[]): DecorationsCollection;
}

/** Who a collaborator is, as announced over awareness (`user` field). */
export interface Presence {
  name: string;
  color: string;
}

/** `Y.relativePositionToJSON`'s plain object (yjs types it `any`). */
type RelativePositionJSON = Record<string, unknown>;

/** A cursor as relative positions, which keep their place through others' edits before them. */
interface Cursor {
  anchor: RelativePositionJSON;
  head: RelativePositionJSON;
}

// Each has at least 4.5:1 against white (the name label's text) and shows on both themes' editors.
const PALETTE = ['#c2410c', '#15803d', '#1d4ed8', '#a21caf', '#b45309', '#0f766e', '#be123c', '#4338ca'];

/** A colour per person, stable for their name. */
export function colorFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/**
 * The colour each person here is drawn in: the one they announced, unless someone else here
 * (earlier by client id) has it already; then the next free one of the palette. Every part of
 * the page (cursors, the list of who is here) uses this, so a cursor and a name always match.
 */
export function displayColors(awareness: Pick<Awareness, 'getStates'>): Map<number, string> {
  const out = new Map<number, string>();
  const taken = new Set<string>();
  const ids = [...awareness.getStates().keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const user = awareness.getStates().get(id)?.user as Presence | undefined;
    if (!user) continue;
    let color = user.color;
    if (taken.has(color)) {
      const start = Math.max(0, PALETTE.indexOf(color));
      color = PALETTE.map((_, i) => PALETTE[(start + i) % PALETTE.length]!).find((c) => !taken.has(c)) ?? color;
    }
    taken.add(color);
    out.set(id, color);
  }
  return out;
}

/** The class names of a remote client's decorations (the e2e looks for them). */
export const cursorClass = (clientId: number) => `codestead-remote-cursor codestead-remote-cursor-${clientId}`;
export const selectionClass = (clientId: number) => `codestead-remote-selection codestead-remote-selection-${clientId}`;

const styled = new Map<number, string>();

/** One style rule per remote client and colour: its selection tint, its caret and its name label. */
function ensureStyle(clientId: number, presence: Presence) {
  if (typeof document === 'undefined') return;
  const key = `${presence.color}|${presence.name}`;
  if (styled.get(clientId) === key) return;
  styled.set(clientId, key);
  const id = `codestead-remote-style-${clientId}`;
  const style = (document.getElementById(id) as HTMLStyleElement | null) ?? document.createElement('style');
  style.id = id;
  // JSON.stringify makes the name a CSS string: quotes and backslashes in it stay text.
  const name = JSON.stringify(presence.name);
  const c = presence.color;
  style.textContent = `
.codestead-remote-selection-${clientId} { background-color: ${c}40; }
.codestead-remote-cursor-${clientId} { position: relative; border-left: 2px solid ${c}; margin-left: -1px; }
.codestead-remote-cursor-${clientId}::after { content: ${name}; position: absolute; left: -2px; top: -1.1em; z-index: 10;
  background: ${c}; color: #fff; font-size: 11px; line-height: 1.1em; padding: 0 3px; border-radius: 2px;
  white-space: nowrap; pointer-events: none; }`;
  if (!style.isConnected) document.head.appendChild(style);
}

export class MonacoBinding {
  readonly undoManager: Y.UndoManager;
  private readonly ytext: Y.Text;
  private readonly model: TextModel;
  private readonly editor: CodeEditorLike | null;
  private readonly awareness: Awareness | null;
  private readonly disposables: Disposable[] = [];
  private decorations: DecorationsCollection | null = null;
  /** Set while a remote change is applied to Monaco, so it is not sent back as a local one. */
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
      this.publishCursor();
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

  private range(from: number, to: number): Range {
    const a = this.model.getPositionAt(from);
    const b = this.model.getPositionAt(to);
    return { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
  }

  private onYText = (event: Y.YTextEvent, txn: Y.Transaction) => {
    if (txn.origin === this) return;
    this.remote(() => {
      // One Monaco edit per delta op, each against the model as it is by then: `index` walks the
      // new text (an insert moves past what it inserted, a delete stays where it cut).
      let index = 0;
      for (const op of event.delta) {
        if (op.retain !== undefined) {
          index += op.retain;
        } else if (typeof op.insert === 'string') {
          this.model.applyEdits([{ range: this.range(index, index), text: op.insert }]);
          index += op.insert.length;
        } else if (op.delete !== undefined) {
          this.model.applyEdits([{ range: this.range(index, index + op.delete), text: '' }]);
        }
      }
    });
    this.renderCursors();
  };

  private onModel(changes: readonly ContentChange[]) {
    if (this.applyingRemote) return;
    // Monaco reports a batch against the text before it: applied from the back, earlier offsets hold.
    const sorted = [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
    this.ytext.doc!.transact(() => {
      for (const c of sorted) {
        if (c.rangeLength > 0) this.ytext.delete(c.rangeOffset, c.rangeLength);
        if (c.text) this.ytext.insert(c.rangeOffset, c.text);
      }
    }, this);
  }

  /** Undoes this person's last edit (never a collaborator's). */
  undo() {
    this.undoManager.undo();
  }

  redo() {
    this.undoManager.redo();
  }

  /**
   * Makes the text `next` with one local (undoable) edit of the part that differs: a restored
   * version reaches everyone as an ordinary edit, and others' cursors outside it keep their place.
   */
  replaceText(next: string) {
    const current = this.ytext.toString();
    if (current === next) return;
    let start = 0;
    while (start < current.length && start < next.length && current[start] === next[start]) start++;
    let end = 0;
    while (end < current.length - start && end < next.length - start && current[current.length - 1 - end] === next[next.length - 1 - end])
      end++;
    this.ytext.doc!.transact(() => {
      this.ytext.delete(start, current.length - start - end);
      this.ytext.insert(start, next.slice(start, next.length - end));
    }, this);
    // The model follows as for a remote change (the transaction's origin is us, so do it here).
    this.remote(() => this.model.setValue(this.ytext.toString()));
  }

  private publishCursor() {
    const sel = this.editor?.getSelection();
    if (!sel || !this.awareness) return;
    const anchor = this.model.getOffsetAt({ lineNumber: sel.selectionStartLineNumber, column: sel.selectionStartColumn });
    const head = this.model.getOffsetAt({ lineNumber: sel.positionLineNumber, column: sel.positionColumn });
    const cursor: Cursor = {
      anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.ytext, anchor)),
      head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.ytext, head)),
    };
    this.awareness.setLocalStateField('cursor', cursor);
  }

  private absolute(json: RelativePositionJSON): number | null {
    const pos = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), this.ytext.doc!);
    return pos && pos.type === this.ytext ? pos.index : null;
  }

  /** The decorations that draw everyone else's cursor and selection. */
  remoteDecorations(): Decoration[] {
    const out: Decoration[] = [];
    if (!this.awareness) return out;
    const colors = displayColors(this.awareness);
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness!.clientID) return;
      const cursor = state.cursor as Cursor | undefined;
      const user = state.user as Presence | undefined;
      if (!cursor || !user) return;
      const anchor = this.absolute(cursor.anchor);
      const head = this.absolute(cursor.head);
      if (anchor === null || head === null) return;
      ensureStyle(clientId, { ...user, color: colors.get(clientId) ?? user.color });
      const hoverMessage = { value: user.name };
      if (anchor !== head) {
        out.push({
          range: this.range(Math.min(anchor, head), Math.max(anchor, head)),
          options: { className: selectionClass(clientId), hoverMessage },
        });
      }
      // The caret: an empty range whose injected text carries the colour and the name.
      out.push({ range: this.range(head, head), options: { beforeContentClassName: cursorClass(clientId), hoverMessage } });
    });
    return out;
  }

  private renderCursors = () => {
    this.decorations?.set(this.remoteDecorations());
  };

  destroy() {
    this.ytext.unobserve(this.onYText);
    this.awareness?.off('change', this.renderCursors);
    this.awareness?.setLocalStateField('cursor', null);
    this.decorations?.clear();
    for (const d of this.disposables) d.dispose();
    this.undoManager.destroy();
  }
}
