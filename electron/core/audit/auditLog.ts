/**
 * Who did what, when, in workstation.db. Identifiers only (case and slide ids), so the log
 * can be exported for support without carrying patient data.
 */
import type { WorkstationDb } from '../db/open';

export class AuditLog {
  private readonly insert;

  constructor(db: WorkstationDb) {
    this.insert = db.prepare<[string, string, string | null, string | null, string | null]>(
      'INSERT INTO audit_log (at, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?)',
    );
  }

  record(
    action: string,
    object?: { type: string; id: string },
    detail?: Record<string, unknown>,
  ): void {
    this.insert.run(
      new Date().toISOString(),
      action,
      object?.type ?? null,
      object?.id ?? null,
      detail ? JSON.stringify(detail) : null,
    );
  }
}
