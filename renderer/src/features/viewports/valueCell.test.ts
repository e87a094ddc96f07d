import { describe, expect, it } from 'vitest';
import { ValueCell } from './valueCell';

describe('value cell', () => {
  it('tells its listeners of a change, not of the same value again', () => {
    const cell = new ValueCell<number | null>(null);
    const heard: (number | null)[] = [];
    cell.subscribe(() => heard.push(cell.get()));
    cell.set(10);
    cell.set(10);
    cell.set(null);
    expect(heard).toEqual([10, null]);
    expect(cell.get()).toBeNull();
  });

  it('stops telling a listener that unsubscribed', () => {
    const cell = new ValueCell(1);
    let calls = 0;
    const stop = cell.subscribe(() => calls++);
    cell.set(2);
    stop();
    cell.set(3);
    expect(calls).toBe(1);
    expect(cell.get()).toBe(3);
  });
});
