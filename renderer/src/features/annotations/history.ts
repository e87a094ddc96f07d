/**
 * Undo and redo. Every change to the annotations of a slide is recorded as a command that
 * carries the records before and after it (null: did not exist / no longer exists), so
 * undoing a delete saves the very record again, with its id, and redoing a create does too.
 * Generic over the record type; pure, tested without the engine.
 */

export interface Change<T> {
  readonly id: string;
  readonly before: T | null;
  readonly after: T | null;
}

export interface Command<T> {
  /** What the change was, for the undo/redo button titles (an i18n key's last part). */
  readonly label: string;
  readonly changes: readonly Change<T>[];
}

/** What to do to the engine to apply a step: save these records, delete these ids. */
export interface Step<T> {
  readonly label: string;
  readonly save: readonly T[];
  readonly remove: readonly string[];
}

/** Enough for a working session on one slide; the oldest steps go first. */
export const HISTORY_LIMIT = 200;

function toward<T>(command: Command<T>, direction: 'undo' | 'redo'): Step<T> {
  const save: T[] = [];
  const remove: string[] = [];
  // Undo walks the changes backwards, so a command that touched one record twice unwinds.
  const changes = direction === 'undo' ? [...command.changes].reverse() : command.changes;
  for (const c of changes) {
    const target = direction === 'undo' ? c.before : c.after;
    if (target === null) remove.push(c.id);
    else save.push(target);
  }
  return { label: command.label, save, remove };
}

export class History<T> {
  private done: Command<T>[] = [];
  private undone: Command<T>[] = [];

  constructor(private readonly limit = HISTORY_LIMIT) {}

  /** Records a change just made; whatever was undone can no longer be redone. */
  record(command: Command<T>): void {
    if (command.changes.length === 0) return;
    this.done.push(command);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The label of what undo would revert, or null. */
  get undoLabel(): string | null {
    return this.done[this.done.length - 1]?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.undone[this.undone.length - 1]?.label ?? null;
  }

  /** Takes the last change off the history and says how to revert it. */
  undo(): Step<T> | null {
    const command = this.done.pop();
    if (!command) return null;
    this.undone.push(command);
    return toward(command, 'undo');
  }

  redo(): Step<T> | null {
    const command = this.undone.pop();
    if (!command) return null;
    this.done.push(command);
    return toward(command, 'redo');
  }

  /** A step could not be applied (the engine refused): put it back where it was. */
  revertUndo(): void {
    const command = this.undone.pop();
    if (command) this.done.push(command);
  }

  revertRedo(): void {
    const command = this.done.pop();
    if (command) this.undone.push(command);
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
