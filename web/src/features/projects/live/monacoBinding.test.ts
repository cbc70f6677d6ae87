import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  MonacoBinding,
  colorFor,
  cursorClass,
  displayColors,
  type CodeEditorLike,
  type ContentChange,
  type Decoration,
  type Position,
  type Range,
  type Selection,
  type TextModel,
} from './monacoBinding';
import { TEXT_NAME } from './provider';

/** A text model that behaves like Monaco's where the binding looks: 1-based lines and columns. */
class FakeModel implements TextModel {
  value: string;
  private listeners: ((e: { changes: ContentChange[] }) => void)[] = [];
  constructor(value = '') {
    this.value = value;
  }
  getValue() {
    return this.value;
  }
  setValue(value: string) {
    const old = this.value;
    this.value = value;
    this.emit([{ rangeOffset: 0, rangeLength: old.length, text: value }]);
  }
  getOffsetAt({ lineNumber, column }: Position) {
    const lines = this.value.split('\n');
    let offset = 0;
    for (let i = 0; i < lineNumber - 1; i++) offset += lines[i]!.length + 1;
    return offset + column - 1;
  }
  getPositionAt(offset: number): Position {
    const before = this.value.slice(0, Math.max(0, Math.min(offset, this.value.length))).split('\n');
    return { lineNumber: before.length, column: before[before.length - 1]!.length + 1 };
  }
  applyEdits(edits: { range: Range; text: string }[]) {
    // As Monaco: every range is against the text before the batch.
    const changes = edits.map(({ range, text }) => {
      const from = this.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn });
      const to = this.getOffsetAt({ lineNumber: range.endLineNumber, column: range.endColumn });
      return { rangeOffset: from, rangeLength: to - from, text };
    });
    for (const c of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
      this.value = this.value.slice(0, c.rangeOffset) + c.text + this.value.slice(c.rangeOffset + c.rangeLength);
    }
    this.emit(changes);
  }
  onDidChangeContent(listener: (e: { changes: ContentChange[] }) => void) {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }
  private emit(changes: ContentChange[]) {
    for (const l of this.listeners) l({ changes });
  }
  /** What a person typing does: replace `length` characters at `offset` with `text`. */
  type(offset: number, text: string, length = 0) {
    this.value = this.value.slice(0, offset) + text + this.value.slice(offset + length);
    this.emit([{ rangeOffset: offset, rangeLength: length, text }]);
  }
}

/** An editor with a selection that a test moves, and the decorations the binding set. */
class FakeEditor implements CodeEditorLike {
  selection: Selection = { selectionStartLineNumber: 1, selectionStartColumn: 1, positionLineNumber: 1, positionColumn: 1 };
  decorations: Decoration[] = [];
  private listeners: (() => void)[] = [];
  getSelection() {
    return this.selection;
  }
  onDidChangeCursorSelection(listener: () => void) {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }
  createDecorationsCollection() {
    return {
      set: (d: Decoration[]) => (this.decorations = d),
      clear: () => (this.decorations = []),
    };
  }
  select(anchor: Position, head: Position = anchor) {
    this.selection = {
      selectionStartLineNumber: anchor.lineNumber,
      selectionStartColumn: anchor.column,
      positionLineNumber: head.lineNumber,
      positionColumn: head.column,
    };
    for (const l of this.listeners) l();
  }
}

/** Two people's documents joined by a wire that can be cut: updates queue while it is. */
function pair(initial = '') {
  const a = new Y.Doc();
  const b = new Y.Doc();
  if (initial) a.getText(TEXT_NAME).insert(0, initial);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  let connected = true;
  const wire = (from: Y.Doc, to: Y.Doc) =>
    from.on('update', (u: Uint8Array, origin: unknown) => {
      if (connected && origin !== 'wire') Y.applyUpdate(to, u, 'wire');
    });
  wire(a, b);
  wire(b, a);
  return {
    a,
    b,
    cut: () => (connected = false),
    /** Reconnect: each side gets what it lacks, as the sync protocol's step 2 does. */
    heal: () => {
      connected = true;
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'wire');
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'wire');
    },
  };
}

function bound(doc: Y.Doc, initial = '') {
  const model = new FakeModel(initial);
  const binding = new MonacoBinding(doc.getText(TEXT_NAME), model);
  return { model, binding };
}

describe('MonacoBinding', () => {
  it('starts the model from the document, whatever the model held', () => {
    const { a } = pair('from the server\n');
    const { model } = bound(a, 'stale');
    expect(model.getValue()).toBe('from the server\n');
  });

  it("shows one person's typing in the other's editor", () => {
    const { a, b } = pair('print("hi")\n');
    const ada = bound(a);
    const bob = bound(b);
    ada.model.type(0, '# greet\n');
    expect(bob.model.getValue()).toBe('# greet\nprint("hi")\n');
    bob.model.type(bob.model.getValue().length, 'print("bye")\n');
    expect(ada.model.getValue()).toBe('# greet\nprint("hi")\nprint("bye")\n');
    // Replacing a selection: a delete and an insert in one change.
    ada.model.type(15, 'hello', 2);
    expect(bob.model.getValue()).toBe('# greet\nprint("hello")\nprint("bye")\n');
    expect(a.getText(TEXT_NAME).toString()).toBe(ada.model.getValue());
  });

  it('converges when both type at once while cut off, then reconnect', () => {
    const wire = pair('line one\nline two\n');
    const ada = bound(wire.a);
    const bob = bound(wire.b);
    wire.cut();
    ada.model.type(0, 'A: ');
    ada.model.type(ada.model.getValue().length, 'ada was here\n');
    bob.model.type(9, 'B: ');
    bob.model.type(4, 'XX', 1); // "line one" → "lineXXone"
    expect(ada.model.getValue()).not.toBe(bob.model.getValue());
    wire.heal();
    expect(ada.model.getValue()).toBe(bob.model.getValue());
    expect(ada.model.getValue()).toBe(wire.a.getText(TEXT_NAME).toString());
    for (const piece of ['A: ', 'ada was here', 'B: line two', 'XX']) expect(ada.model.getValue()).toContain(piece);
  });

  it('applies a remote change of several parts at the right places', () => {
    const { a, b } = pair('0123456789');
    const bob = bound(b);
    // One transaction that deletes and inserts in three places (a delta with retains between).
    a.transact(() => {
      const t = a.getText(TEXT_NAME);
      t.insert(8, 'x');
      t.delete(4, 2);
      t.insert(0, 'yy');
    });
    expect(bob.model.getValue()).toBe(a.getText(TEXT_NAME).toString());
    expect(bob.model.getValue()).toBe('yy012367x89');
  });

  it("undoes only one's own edits, never a collaborator's", () => {
    const { a, b } = pair('base\n');
    const ada = bound(a);
    const bob = bound(b);
    ada.model.type(5, 'ada\n');
    // Far enough apart in time to be separate undo steps is not needed: they are different people.
    bob.model.type(0, 'bob\n');
    expect(ada.model.getValue()).toBe('bob\nbase\nada\n');
    ada.binding.undo();
    expect(ada.model.getValue()).toBe('bob\nbase\n');
    expect(bob.model.getValue()).toBe('bob\nbase\n');
    // Bob's own undo still has his edit (and nothing of Ada's).
    bob.binding.undo();
    expect(bob.model.getValue()).toBe('base\n');
    ada.binding.redo();
    expect(bob.model.getValue()).toBe('base\nada\n');
    expect(ada.model.getValue()).toBe('base\nada\n');
  });

  it("draws the other person's cursor and selection where they are, after edits before them", () => {
    const { a, b } = pair('first\nsecond\n');
    const awA = new Awareness(a);
    const awB = new Awareness(b);
    // Awareness over the same wire.
    const relay = (from: Awareness, to: Awareness) =>
      from.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin !== 'wire') applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), 'wire');
      });
    relay(awA, awB);
    relay(awB, awA);
    awA.setLocalStateField('user', { name: 'Ada', color: '#1d4ed8' });
    awB.setLocalStateField('user', { name: 'Bob', color: '#15803d' });
    const edA = new FakeEditor();
    const edB = new FakeEditor();
    const ada = new MonacoBinding(a.getText(TEXT_NAME), new FakeModel(), edA, awA);
    const bob = new MonacoBinding(b.getText(TEXT_NAME), new FakeModel(), edB, awB);

    // Ada selects "sec" on line 2.
    edA.select({ lineNumber: 2, column: 1 }, { lineNumber: 2, column: 4 });
    const cursor = () => edB.decorations.find((d) => d.options.beforeContentClassName === cursorClass(a.clientID));
    const selection = () => edB.decorations.find((d) => d.options.className?.includes(`selection-${a.clientID}`));
    expect(cursor()?.range).toMatchObject({ startLineNumber: 2, startColumn: 4 });
    expect(selection()?.range).toMatchObject({ startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 4 });
    expect(cursor()?.options.hoverMessage?.value).toBe('Ada');
    // Ada does not see herself.
    expect(edA.decorations.some((d) => d.options.beforeContentClassName === cursorClass(a.clientID))).toBe(false);

    // A line arrives above it (from a third person's edit reaching Ada's document): Ada's cursor
    // keeps to the text it is in, a line further down.
    a.getText(TEXT_NAME).insert(0, 'zero\n');
    expect(cursor()?.range).toMatchObject({ startLineNumber: 3, startColumn: 4 });

    ada.destroy();
    expect(cursor()).toBeUndefined();
    bob.destroy();
  });

  it('replaces the whole text with one undoable edit of the part that differs', () => {
    const { a, b } = pair('def f():\n    return 1\n');
    const ada = bound(a);
    const bob = bound(b);
    ada.binding.replaceText('def f():\n    return 2\n');
    expect(ada.model.getValue()).toBe('def f():\n    return 2\n');
    expect(bob.model.getValue()).toBe('def f():\n    return 2\n');
    ada.binding.undo();
    expect(bob.model.getValue()).toBe('def f():\n    return 1\n');
  });

  it('stops following the document once destroyed', () => {
    const { a, b } = pair('x');
    const ada = bound(a);
    const bob = bound(b);
    bob.binding.destroy();
    ada.model.type(1, 'y');
    expect(bob.model.getValue()).toBe('x');
    bob.model.type(0, 'local ');
    expect(a.getText(TEXT_NAME).toString()).toBe('xy');
  });

  it('draws two people who announced the same colour in different ones, the same way every time', () => {
    const states = new Map<number, Record<string, unknown>>([
      [7, { user: { name: 'Ada', color: '#1d4ed8' } }],
      [3, { user: { name: 'Bob', color: '#1d4ed8' } }],
      [5, {}],
    ]);
    const colors = displayColors({ getStates: () => states });
    expect(colors.get(3)).toBe('#1d4ed8');
    expect(colors.get(7)).not.toBe('#1d4ed8');
    expect(colors.has(5)).toBe(false);
    expect(displayColors({ getStates: () => states })).toEqual(colors);
    expect(colorFor('ada')).toBe(colorFor('ada'));
  });
});
