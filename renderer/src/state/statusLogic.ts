/**
 * What the polled engine status means for the UI: connection state, reconnections,
 * download progress. Pure functions, so the rules (an archive that comes back reloads
 * the tiles that failed; a poll that changed nothing changes nothing) are tested without
 * React or timers.
 */
import type { Archive, CaseProgress, Status } from '../../../electron/common/contract';

/**
 * `next`, with every part deep-equal to the same part of `prev` replaced by prev's own
 * object, so selectors keep returning the same references and nothing re-renders for a
 * poll that brought nothing new. Returns `prev` itself when everything is equal.
 */
export function replaceEqualDeep<T>(prev: T, next: T): T {
  if (Object.is(prev, next)) return prev;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let same = prev.length === next.length;
    const out = next.map((item: unknown, i) => {
      const shared = i < prev.length ? replaceEqualDeep(prev[i] as unknown, item) : item;
      if (shared !== prev[i]) same = false;
      return shared;
    });
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const prevKeys = Object.keys(prev);
    const nextKeys = Object.keys(next);
    let same = prevKeys.length === nextKeys.length;
    const out: Record<string, unknown> = {};
    for (const key of nextKeys) {
      const shared = replaceEqualDeep(prev[key], next[key]);
      if (!(key in prev) || shared !== prev[key]) same = false;
      out[key] = shared;
    }
    return (same ? prev : out) as T;
  }
  return next;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * One word for the whole connection, worst first: an unreachable archive matters more than
 * refused credentials, which matter more than one not yet checked. `none`: no archive is
 * configured (everything is on this computer).
 */
export type ConnectionState = 'none' | 'online' | 'offline' | 'unauthorized' | 'unknown';

export interface Connection {
  state: ConnectionState;
  /** Archives that cannot be reached now. */
  offline: Archive[];
  /** Archives that refused the credentials. */
  unauthorized: Archive[];
}

export function deriveConnection(status: Status | null): Connection {
  const archives = status?.archives ?? [];
  const offline = archives.filter((a) => a.state === 'offline');
  const unauthorized = archives.filter((a) => a.state === 'unauthorized');
  let state: ConnectionState;
  if (status === null) state = 'unknown';
  else if (offline.length > 0 || !status.online) state = 'offline';
  else if (unauthorized.length > 0) state = 'unauthorized';
  else if (archives.length === 0) state = 'none';
  else if (archives.some((a) => a.state === 'unknown')) state = 'unknown';
  else state = 'online';
  return { state, offline, unauthorized };
}

export interface StatusChange {
  /** Anything at all differs (else the store is left alone). */
  changed: boolean;
  /** The worklist must be read again. */
  worklistChanged: boolean;
  /** An archive that could not be reached answers again: tiles that failed may load now. */
  reconnected: boolean;
}

/** Compares two polls. The first poll (`prev` null) is a baseline: nothing to reload. */
export function compareStatus(prev: Status | null, next: Status): StatusChange {
  if (prev === null) return { changed: true, worklistChanged: false, reconnected: false };
  const changed = replaceEqualDeep(prev, next) !== prev;
  const wasOffline = new Set(prev.archives.filter((a) => a.state === 'offline').map((a) => a.id));
  const cameBack = next.archives.some((a) => wasOffline.has(a.id) && a.state === 'online');
  return {
    changed,
    worklistChanged: next.worklistVersion !== prev.worklistVersion,
    // The engine's flag too, in case an archive was renamed meanwhile (new id): back online
    // means one answers; an archive merely re-saved (state unknown) is not back yet.
    reconnected:
      cameBack || (!prev.online && next.online && next.archives.some((a) => a.state === 'online')),
  };
}

/**
 * Tracks since when each archive has been unreachable (as first seen by this window), so the
 * banner can say "since 14:32". Archives back online or removed are dropped.
 */
export function updateOfflineSince(
  since: Record<string, string>,
  archives: readonly Archive[],
  now: Date,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of archives) {
    if (a.state === 'offline') out[a.id] = since[a.id] ?? now.toISOString();
  }
  const same =
    Object.keys(out).length === Object.keys(since).length &&
    Object.entries(out).every(([k, v]) => since[k] === v);
  return same ? since : out;
}

// ---------------------------------------------------------------------------------------
// Download progress.

/** The whole case is in the local cache. */
export function isComplete(p: CaseProgress): boolean {
  return p.state === 'done' || (p.tilesTotal > 0 && p.tilesDone >= p.tilesTotal);
}

/**
 * Whole percent of the case's tiles in the cache, rounded down so that 100 % is shown only
 * when every tile is there (a pathologist going offline relies on it).
 */
export function progressPercent(p: CaseProgress): number {
  if (isComplete(p)) return 100;
  if (p.tilesTotal <= 0) return 0;
  return Math.min(99, Math.floor((p.tilesDone / p.tilesTotal) * 100));
}

/** Fraction for a progress bar, 0..1 (same rounding rule as the percent). */
export function progressFraction(p: CaseProgress): number {
  if (isComplete(p)) return 1;
  if (p.tilesTotal <= 0) return 0;
  return Math.min(0.999, p.tilesDone / p.tilesTotal);
}

/** Cases the downloads badge counts: still to fetch, fetching, paused, or failed. */
export function pendingDownloads(cases: readonly CaseProgress[]): number {
  return cases.filter((p) => !isComplete(p)).length;
}

/** The progress of one case, or null when the case is not in the download queue. */
export function progressOf(status: Status | null, caseId: string): CaseProgress | null {
  return status?.downloads.cases.find((p) => p.caseId === caseId) ?? null;
}

/** Bytes as "12.3 MB" in the language's number format (decimal units, as disks are sold). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${n}\u00a0${units[unit]}`;
}
