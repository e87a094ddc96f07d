/**
 * The audit trail's hash chain: how one entry is serialised and hashed, and how a run of
 * entries is checked. Each entry's hash covers its own fields and the previous entry's
 * hash, so changing, removing or inserting an entry breaks the chain from that point on.
 *
 * The serialisation is a JSON array of the fields in a fixed order (no key ordering to
 * agree on); `detail` is hashed as the exact JSON text stored. Changing this function
 * makes every existing chain fail: a new format needs a new version marker, not an edit.
 */
import { createHash } from 'node:crypto';

/** prev_hash of the first entry: 64 zeros (SHA-256 hex width). */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  /** ISO 8601 instant. */
  at: string;
  userId: string | null;
  /** os.hostname() of the machine that wrote the entry. */
  workstation: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  /** JSON text of identifiers only (never patient names), or null. */
  detail: string | null;
  prevHash: string;
  hash: string;
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    'audit-v1',
    entry.seq,
    entry.at,
    entry.userId,
    entry.workstation,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.detail,
    entry.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainProblem =
  | { seq: number; kind: 'deleted'; message: string }
  | { seq: number; kind: 'inserted'; message: string }
  | { seq: number; kind: 'altered'; message: string };

export type ChainCheck = { ok: true; entries: number } | { ok: false; problem: ChainProblem };

/**
 * Walks the entries in seq order and names the first one that is wrong: a gap in the
 * numbering (entries deleted), a link that does not point at the previous entry (an
 * entry inserted, or the chain rewritten from there), or a hash that does not match the
 * entry's own fields (altered). The first entry must be seq 1 and link to GENESIS_HASH.
 */
export function checkChain(entries: Iterable<AuditEntry>): ChainCheck {
  let previous: AuditEntry | null = null;
  let count = 0;
  for (const entry of entries) {
    const expectedSeq = previous ? previous.seq + 1 : 1;
    const expectedPrev = previous ? previous.hash : GENESIS_HASH;
    if (entry.seq !== expectedSeq) {
      const missing =
        entry.seq === expectedSeq + 1
          ? `entry ${expectedSeq} is missing`
          : `entries ${expectedSeq} to ${entry.seq - 1} are missing`;
      return {
        ok: false,
        problem: {
          seq: entry.seq,
          kind: entry.seq > expectedSeq ? 'deleted' : 'inserted',
          message:
            entry.seq > expectedSeq
              ? `gap before entry ${entry.seq}: ${missing} (deleted)`
              : `entry ${entry.seq} is out of sequence after entry ${expectedSeq - 1} (inserted)`,
        },
      };
    }
    if (entry.prevHash !== expectedPrev) {
      return {
        ok: false,
        problem: {
          seq: entry.seq,
          kind: 'inserted',
          message: previous
            ? `entry ${entry.seq} does not link to entry ${previous.seq}: broken link (an entry was inserted or the chain rewritten)`
            : `entry ${entry.seq} does not start the chain: broken link (an entry was inserted)`,
        },
      };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        ok: false,
        problem: {
          seq: entry.seq,
          kind: 'altered',
          message: `entry ${entry.seq} does not match its hash: hash mismatch (altered)`,
        },
      };
    }
    previous = entry;
    count++;
  }
  return { ok: true, entries: count };
}
