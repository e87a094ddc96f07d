import { describe, expect, it } from 'vitest';
import { History } from './history';

interface Rec {
  id: string;
  v: number;
}
const r = (id: string, v: number): Rec => ({ id, v });

describe('undo history', () => {
  it('reverts a create by deleting, and redoes it with the same record', () => {
    const h = new History<Rec>();
    h.record({ label: 'create', changes: [{ id: 'a', before: null, after: r('a', 1) }] });
    expect(h.undo()).toEqual({ label: 'create', save: [], remove: ['a'] });
    expect(h.redo()).toEqual({ label: 'create', save: [r('a', 1)], remove: [] });
  });

  it('brings a deleted record back with its id', () => {
    const h = new History<Rec>();
    h.record({ label: 'delete', changes: [{ id: 'a', before: r('a', 3), after: null }] });
    expect(h.undo()?.save).toEqual([r('a', 3)]);
    expect(h.redo()?.remove).toEqual(['a']);
  });

  it('walks updates back and forth in order', () => {
    const h = new History<Rec>();
    h.record({ label: 'move', changes: [{ id: 'a', before: r('a', 1), after: r('a', 2) }] });
    h.record({ label: 'edit', changes: [{ id: 'a', before: r('a', 2), after: r('a', 3) }] });
    expect(h.undoLabel).toBe('edit');
    expect(h.undo()?.save).toEqual([r('a', 2)]);
    expect(h.undo()?.save).toEqual([r('a', 1)]);
    expect(h.undo()).toBeNull();
    expect(h.canRedo).toBe(true);
    expect(h.redo()?.save).toEqual([r('a', 2)]);
    // A new change forgets what was undone.
    h.record({ label: 'edit', changes: [{ id: 'a', before: r('a', 2), after: r('a', 9) }] });
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBeNull();
  });

  it('unwinds a command that touched one record twice', () => {
    const h = new History<Rec>();
    h.record({
      label: 'batch',
      changes: [
        { id: 'a', before: null, after: r('a', 1) },
        { id: 'a', before: r('a', 1), after: r('a', 2) },
      ],
    });
    expect(h.undo()).toEqual({ label: 'batch', save: [r('a', 1)], remove: ['a'] });
  });

  it('puts a step back when the engine refused it, and forgets the oldest past the limit', () => {
    const h = new History<Rec>(2);
    for (const v of [1, 2, 3]) {
      h.record({ label: 'edit', changes: [{ id: 'a', before: r('a', v - 1), after: r('a', v) }] });
    }
    h.undo();
    h.revertUndo();
    expect(h.canRedo).toBe(false);
    expect(h.undo()?.save).toEqual([r('a', 2)]);
    expect(h.undo()?.save).toEqual([r('a', 1)]);
    expect(h.canUndo).toBe(false);
    h.redo();
    h.revertRedo();
    expect(h.redoLabel).toBe('edit');
  });

  it('records nothing for an empty command', () => {
    const h = new History<Rec>();
    h.record({ label: 'none', changes: [] });
    expect(h.canUndo).toBe(false);
  });
});
