/**
 * Changes made on the workstation that belong on the archive, kept in workstation.db
 * until the archive has them: they survive restarts, crashes and days offline. A newer
 * change about the same thing replaces the older one (only the last status matters).
 * This carries case statuses and DICOM annotation objects (their bytes in files of the
 * data folder, see annotations/dicomAnn/annOutbox.ts); reports will follow.
 */
import type { CaseStatus } from '../../common/contract';
import type { AnnStorePayload } from '../annotations/dicomAnn/annOutbox';
import type { WorkstationDb } from '../db/open';

export type OutboxPayload =
  { kind: 'caseStatus'; studyUID: string; status: CaseStatus } | AnnStorePayload;

export interface OutboxEntry {
  id: number;
  archiveId: string;
  subject: string;
  payload: OutboxPayload;
  attempts: number;
}

interface Row {
  id: number;
  archive_id: string;
  subject: string;
  payload: string;
  attempts: number;
}

export class Outbox {
  private readonly stmts;

  constructor(db: WorkstationDb) {
    this.stmts = {
      put: db.prepare(`
        INSERT INTO outbox (archive_id, kind, subject, payload, created_at)
        VALUES (@archiveId, @kind, @subject, @payload, @now)
        ON CONFLICT (archive_id, kind, subject) DO UPDATE SET
          payload = excluded.payload, created_at = excluded.created_at, attempts = 0, last_error = NULL`),
      pending: db.prepare<[string], Row>('SELECT * FROM outbox WHERE archive_id = ? ORDER BY id'),
      count: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM outbox WHERE archive_id = ?',
      ),
      done: db.prepare<[number, string]>('DELETE FROM outbox WHERE id = ? AND payload = ?'),
      failed: db.prepare<[string, number]>(
        'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?',
      ),
      dropArchive: db.prepare<[string]>('DELETE FROM outbox WHERE archive_id = ?'),
    };
  }

  add(archiveId: string, subject: string, payload: OutboxPayload): void {
    this.stmts.put.run({
      archiveId,
      kind: payload.kind,
      subject,
      payload: JSON.stringify(payload),
      now: new Date().toISOString(),
    });
  }

  pending(archiveId: string): OutboxEntry[] {
    return this.stmts.pending.all(archiveId).map((r) => ({
      id: r.id,
      archiveId: r.archive_id,
      subject: r.subject,
      payload: JSON.parse(r.payload) as OutboxPayload,
      attempts: r.attempts,
    }));
  }

  count(archiveId: string): number {
    return this.stmts.count.get(archiveId)?.n ?? 0;
  }

  /**
   * Sends every pending entry in order with `send`; an entry is removed only once sent,
   * and only if it was not replaced meanwhile. A connection or credentials failure stops
   * the delivery (and is rethrown); an entry the archive refuses keeps its error and the
   * others go on.
   */
  async deliverAll(
    archiveId: string,
    send: (entry: OutboxEntry) => Promise<void>,
  ): Promise<number> {
    let delivered = 0;
    for (const entry of this.pending(archiveId)) {
      try {
        await send(entry);
      } catch (e) {
        this.stmts.failed.run((e as Error).message.slice(0, 200), entry.id);
        const code = (e as { code?: string }).code;
        if (code === 'unavailable' || code === 'unauthorized' || code === undefined) throw e;
        continue;
      }
      this.stmts.done.run(entry.id, JSON.stringify(entry.payload));
      delivered++;
    }
    return delivered;
  }

  dropArchive(archiveId: string): void {
    this.stmts.dropArchive.run(archiveId);
  }
}
