/**
 * Case assignments and worklist preferences in workstation.db (migration 009). Prepared
 * statements only; values are always bound.
 */
import type { WorkstationDb } from '../db/open';

export type AssignmentOrigin = 'archive' | 'local';

export interface AssignmentRow {
  origin: AssignmentOrigin;
  userId: string | null;
  name: string;
}

export class WorklistStore {
  private readonly stmts;

  constructor(private readonly db: WorkstationDb) {
    this.stmts = {
      get: db.prepare<[string], { origin: AssignmentOrigin; user_id: string | null; name: string }>(
        'SELECT origin, user_id, name FROM case_assignments WHERE case_id = ?',
      ),
      setLocal: db.prepare<[string, string | null, string, string]>(
        `INSERT INTO case_assignments (case_id, origin, user_id, name, assigned_at)
         VALUES (?, 'local', ?, ?, ?)
         ON CONFLICT (case_id) DO UPDATE SET origin = 'local', user_id = excluded.user_id,
           name = excluded.name, assigned_at = excluded.assigned_at`,
      ),
      // The archive's reading physician never replaces a choice made here.
      setArchive: db.prepare<[string, string | null, string, string]>(
        `INSERT INTO case_assignments (case_id, origin, user_id, name, assigned_at)
         VALUES (?, 'archive', ?, ?, ?)
         ON CONFLICT (case_id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name,
           assigned_at = excluded.assigned_at
         WHERE case_assignments.origin = 'archive'
           AND (case_assignments.name <> excluded.name
                OR case_assignments.user_id IS NOT excluded.user_id)`,
      ),
      clearArchive: db.prepare<[string]>(
        "DELETE FROM case_assignments WHERE case_id = ? AND origin = 'archive'",
      ),
      prefs: db.prepare<[string], { prefs: string }>(
        'SELECT prefs FROM worklist_prefs WHERE user_key = ?',
      ),
      setPrefs: db.prepare<[string, string, string]>(
        `INSERT INTO worklist_prefs (user_key, prefs, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_key) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at`,
      ),
    };
  }

  assignment(caseId: string): AssignmentRow | null {
    const row = this.stmts.get.get(caseId);
    return row ? { origin: row.origin, userId: row.user_id, name: row.name } : null;
  }

  /** A choice made here (user null and name '': nobody, on purpose). */
  setLocal(caseId: string, userId: string | null, name: string, now: string): void {
    this.stmts.setLocal.run(caseId, userId, name, now);
  }

  /**
   * The archive's reading physicians of one sync, in one transaction: null clears what an
   * earlier sync set. Local choices stay. Returns how many rows changed.
   */
  setFromArchive(
    entries: readonly { caseId: string; userId: string | null; name: string | null }[],
    now: string,
  ): number {
    let changed = 0;
    this.db.transaction(() => {
      for (const e of entries) {
        changed +=
          e.name === null
            ? this.stmts.clearArchive.run(e.caseId).changes
            : this.stmts.setArchive.run(e.caseId, e.userId, e.name, now).changes;
      }
    })();
    return changed;
  }

  /** The stored JSON of a user's filters, or null when they never chose. */
  prefs(userKey: string): string | null {
    return this.stmts.prefs.get(userKey)?.prefs ?? null;
  }

  setPrefs(userKey: string, json: string, now: string): void {
    this.stmts.setPrefs.run(userKey, json, now);
  }
}
