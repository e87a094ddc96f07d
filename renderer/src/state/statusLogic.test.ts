import { describe, it, expect } from 'vitest';
import type { Archive, CaseProgress, Status } from '../../../electron/common/contract';
import {
  compareStatus,
  deriveConnection,
  formatBytes,
  isComplete,
  pendingDownloads,
  progressFraction,
  progressOf,
  progressPercent,
  replaceEqualDeep,
  updateOfflineSince,
} from './statusLogic';

const archive = (id: string, state: Archive['state']): Archive => ({
  id,
  name: `PACS ${id}`,
  baseUrl: `http://127.0.0.1/${id}`,
  authKind: 'none',
  user: null,
  hasSecret: false,
  lastSyncAt: null,
  state,
  message: state === 'offline' ? 'connect ECONNREFUSED' : null,
  pendingChanges: 0,
});

const progress = (over: Partial<CaseProgress> = {}): CaseProgress => ({
  caseId: 'C1',
  state: 'running',
  tilesDone: 0,
  tilesTotal: 100,
  bytes: 0,
  pinned: false,
  notice: null,
  ...over,
});

const status = (archives: Archive[], over: Partial<Status> = {}): Status => ({
  demoLibrary: null,
  online: archives.every((a) => a.state !== 'offline'),
  archives,
  worklistVersion: 1,
  downloads: { paused: false, reasons: [], cases: [progress()] },
  ...over,
});

describe('replaceEqualDeep', () => {
  it('returns the previous object when nothing changed', () => {
    const a = status([archive('A', 'online')]);
    const b = status([archive('A', 'online')]);
    expect(replaceEqualDeep(a, b)).toBe(a);
  });

  it('keeps unchanged parts and replaces changed ones', () => {
    const a = status([archive('A', 'online'), archive('B', 'online')]);
    const b = status([archive('A', 'online'), archive('B', 'offline')]);
    const merged = replaceEqualDeep(a, b);
    expect(merged).not.toBe(a);
    expect(merged).toEqual(b);
    expect(merged.archives[0]).toBe(a.archives[0]);
    expect(merged.archives[1]).not.toBe(a.archives[1]);
    expect(merged.downloads).toBe(a.downloads);
  });

  it('notices added, removed and reordered items', () => {
    expect(replaceEqualDeep([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
    expect(replaceEqualDeep([1, 2, 3], [1, 2])).toEqual([1, 2]);
    expect(replaceEqualDeep({ a: 1 }, { b: 1 } as unknown as { a: number })).toEqual({ b: 1 });
  });
});

describe('deriveConnection', () => {
  it('puts an unreachable archive first, then refused credentials', () => {
    expect(deriveConnection(null).state).toBe('unknown');
    expect(deriveConnection(status([])).state).toBe('none');
    expect(deriveConnection(status([archive('A', 'online')])).state).toBe('online');
    expect(deriveConnection(status([archive('A', 'unknown')])).state).toBe('unknown');
    expect(
      deriveConnection(status([archive('A', 'online'), archive('B', 'unauthorized')])).state,
    ).toBe('unauthorized');
    const c = deriveConnection(status([archive('A', 'unauthorized'), archive('B', 'offline')]));
    expect(c.state).toBe('offline');
    expect(c.offline.map((a) => a.id)).toEqual(['B']);
    expect(c.unauthorized.map((a) => a.id)).toEqual(['A']);
  });

  it('trusts the engine when it says offline', () => {
    expect(deriveConnection(status([archive('A', 'online')], { online: false })).state).toBe(
      'offline',
    );
  });
});

describe('compareStatus', () => {
  it('takes the first status as a baseline', () => {
    expect(compareStatus(null, status([]))).toEqual({
      changed: true,
      worklistChanged: false,
      reconnected: false,
    });
  });

  it('reports nothing when nothing changed', () => {
    const a = status([archive('A', 'online')]);
    expect(compareStatus(a, status([archive('A', 'online')]))).toEqual({
      changed: false,
      worklistChanged: false,
      reconnected: false,
    });
  });

  it('asks for a worklist reload when the version changes', () => {
    const a = status([]);
    const c = compareStatus(a, { ...a, worklistVersion: 2 });
    expect(c).toMatchObject({ changed: true, worklistChanged: true, reconnected: false });
  });

  it('sees an archive coming back, not one going away', () => {
    const on = status([archive('A', 'online')]);
    const off = status([archive('A', 'offline')]);
    expect(compareStatus(on, off).reconnected).toBe(false);
    expect(compareStatus(off, on).reconnected).toBe(true);
    // offline → unknown (being checked) is not a reconnection yet
    expect(compareStatus(off, status([archive('A', 'unknown')])).reconnected).toBe(false);
  });

  it('counts a progress change as a change', () => {
    const a = status([]);
    const b = status([], {
      downloads: { paused: false, reasons: [], cases: [progress({ tilesDone: 5 })] },
    });
    expect(compareStatus(a, b)).toMatchObject({ changed: true, worklistChanged: false });
  });
});

describe('updateOfflineSince', () => {
  it('remembers when an archive was first seen offline, and forgets it when back', () => {
    const t1 = new Date('2024-05-04T10:00:00Z');
    const t2 = new Date('2024-05-04T10:05:00Z');
    const first = updateOfflineSince({}, [archive('A', 'offline')], t1);
    expect(first).toEqual({ A: t1.toISOString() });
    const same = updateOfflineSince(first, [archive('A', 'offline')], t2);
    expect(same).toBe(first);
    expect(updateOfflineSince(first, [archive('A', 'online')], t2)).toEqual({});
  });
});

describe('progress', () => {
  it('shows 100 % only when every tile is here', () => {
    expect(progressPercent(progress({ tilesDone: 0 }))).toBe(0);
    expect(progressPercent(progress({ tilesDone: 45 }))).toBe(45);
    expect(progressPercent(progress({ tilesDone: 999, tilesTotal: 1000 }))).toBe(99);
    expect(progressPercent(progress({ tilesDone: 1000, tilesTotal: 1000 }))).toBe(100);
    expect(progressPercent(progress({ state: 'done', tilesDone: 0, tilesTotal: 0 }))).toBe(100);
    expect(progressPercent(progress({ tilesTotal: 0 }))).toBe(0);
    expect(progressFraction(progress({ tilesDone: 999, tilesTotal: 1000 }))).toBeLessThan(1);
    expect(progressFraction(progress({ tilesDone: 50 }))).toBe(0.5);
    expect(isComplete(progress({ tilesDone: 100 }))).toBe(true);
  });

  it('counts the cases still to download', () => {
    const cases = [
      progress({ caseId: 'a', state: 'running' }),
      progress({ caseId: 'b', state: 'paused' }),
      progress({ caseId: 'c', state: 'done', tilesDone: 100 }),
      progress({ caseId: 'd', state: 'error' }),
    ];
    expect(pendingDownloads(cases)).toBe(3);
    const s = status([], { downloads: { paused: false, reasons: [], cases } });
    expect(progressOf(s, 'b')?.state).toBe('paused');
    expect(progressOf(s, 'zzz')).toBeNull();
    expect(progressOf(null, 'a')).toBeNull();
  });

  it('formats sizes in the language of the UI', () => {
    expect(formatBytes(0, 'en-GB')).toBe('0\u00a0B');
    expect(formatBytes(12_500_000, 'en-GB')).toBe('12.5\u00a0MB');
    expect(formatBytes(12_500_000, 'fr-FR')).toBe('12,5\u00a0MB');
    expect(formatBytes(3_171_435_000, 'en-GB')).toBe('3.2\u00a0GB');
    expect(formatBytes(250_000, 'en-GB')).toBe('250\u00a0kB');
  });
});
