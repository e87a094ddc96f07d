/**
 * One value that changes often (a viewport's magnification while it zooms), read by one small
 * component through useSyncExternalStore: a change re-renders that component only, not the
 * viewer around it.
 */
export class ValueCell<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  get = (): T => this.value;

  set = (value: T): void => {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of [...this.listeners]) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}
