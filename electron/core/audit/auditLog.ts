/**
 * Who did what, when, on which workstation, in workstation.db: an append-only,
 * hash-chained trail (chain.ts, migration 006). Identifiers only (case, slide and user
 * ids), so the trail can be exported for support without carrying patient data.
 *
 * Every domain writes through record(); the current user and this machine's name are
 * attached here, so callers never pass them (and cannot forge them).
 */
import os from 'node:os';
import type { WorkstationDb } from '../db/open';
import type { UserDirectory } from '../users/directory';
import type { AuditEntry, ChainCheck } from './chain';
import { GENESIS_HASH, checkChain, entryHash } from './chain';

interface Row {
  seq: number;
  at: string;
  user_id: string | null;
  workstation: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export function entryFromRow(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    workstation: row.workstation,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Every entry in seq order, read lazily (a trail of years does not fit in memory twice). */
export function* readEntries(db: {
  prepare: WorkstationDb['prepare'];
}): IterableIterator<AuditEntry> {
  const rows = db.prepare<[], Row>('SELECT * FROM audit_entries ORDER BY seq').iterate();
  for (const row of rows) yield entryFromRow(row);
}

export interface AuditLogOptions {
  /** Who is working; entries carry null while nobody is chosen. */
  users?: Pick<UserDirectory, 'current'>;
  /** Name of this machine (default os.hostname()). */
  workstation?: string;
  now?: () => Date;
}

export class AuditLog {
  private readonly last;
  private readonly insert;
  private readonly append;
  private users: Pick<UserDirectory, 'current'> | null;
  private readonly workstation: string;
  private readonly now: () => Date;

  constructor(
    private readonly db: WorkstationDb,
    options: AuditLogOptions = {},
  ) {
    this.users = options.users ?? null;
    this.workstation = options.workstation ?? os.hostname();
    this.now = options.now ?? (() => new Date());
    this.last = db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1',
    );
    this.insert = db.prepare(
      `INSERT INTO audit_entries (seq, at, user_id, workstation, action, object_type, object_id, detail, prev_hash, hash)
       VALUES (@seq, @at, @userId, @workstation, @action, @objectType, @objectId, @detail, @prevHash, @hash)`,
    );
    // IMMEDIATE: the write lock is taken before the last entry is read, so two processes
    // on the same file (the app and a CLI) cannot both append after the same entry.
    this.append = db.transaction((entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>) => {
      const last = this.last.get();
      const chained = {
        ...entry,
        seq: (last?.seq ?? 0) + 1,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      this.insert.run({ ...chained, hash: entryHash(chained) });
      return chained.seq;
    });
  }

  /** The users service is made after the trail (it records into it): attached here. */
  attachUsers(users: Pick<UserDirectory, 'current'>): void {
    this.users = users;
  }

  /** Appends one entry; returns its seq. `detail` holds identifiers only, never names. */
  record(
    action: string,
    object?: { type: string; id: string },
    detail?: Record<string, unknown>,
  ): number {
    const entry = {
      at: this.now().toISOString(),
      userId: this.users?.current()?.id ?? null,
      workstation: this.workstation,
      action,
      objectType: object?.type ?? null,
      objectId: object?.id ?? null,
      detail: detail ? JSON.stringify(detail) : null,
    };
    // Inside a caller's transaction better-sqlite3 nests it as a savepoint.
    return this.db.inTransaction ? this.append(entry) : this.append.immediate(entry);
  }

  entries(): IterableIterator<AuditEntry> {
    return readEntries(this.db);
  }

  verify(): ChainCheck {
    return checkChain(this.entries());
  }

  /** Entries not yet forwarded to a central store, oldest first. */
  pendingForward(limit: number): AuditEntry[] {
    return this.db
      .prepare<[number], Row>(
        `SELECT e.* FROM audit_entries e LEFT JOIN audit_forwarded f ON f.seq = e.seq
         WHERE f.seq IS NULL ORDER BY e.seq LIMIT ?`,
      )
      .all(limit)
      .map(entryFromRow);
  }

  markForwarded(seqs: readonly number[]): void {
    const mark = this.db.prepare<[number, string]>(
      'INSERT OR IGNORE INTO audit_forwarded (seq, forwarded_at) VALUES (?, ?)',
    );
    const at = this.now().toISOString();
    this.db.transaction(() => seqs.forEach((seq) => mark.run(seq, at)))();
  }
}
