import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Migration } from '../migration';

/**
 * Case keys that survive moving a library folder or the data folder.
 *
 * A case's id was (and for new cases still is) a hash of its absolute location, so moving a
 * library to another drive letter, or the data folder that holds the demo library, made
 * every case new and hid the statuses set on the old rows (kept, marked missing). Each row
 * now also stores `case_key`: where the case is inside its library (its folder name, or
 * `<case>__*` for a group of files; scanLibrary.ts always makes a case's source key
 * `<library folder>/<that name>`), or the study for an archive case. A rescan that meets a
 * case at a new absolute place re-attaches the old row with the same key, accession and
 * slide files (caseRepository.ts): ids never change, so statuses, the audit log and the
 * outbox stay attached to their case.
 *
 * Users already hit by the bug have, for one case, a missing row holding the status they
 * set and a visible row made after the move whose status nobody set. Where that pairing
 * is unambiguous (same key, accession, patient and at least one slide file at the same
 * place in its library), the old row takes the new one's place.
 */
export const migration003: Migration = {
  version: 3,
  description: 'case keys that survive moving a library or the data folder',
  up(db) {
    db.exec('ALTER TABLE cases ADD COLUMN case_key TEXT');
    const rows = db
      .prepare<[], { id: string; source: string; source_key: string }>(
        'SELECT id, source, source_key FROM cases',
      )
      .all();
    const setKey = db.prepare<[string, string]>('UPDATE cases SET case_key = ? WHERE id = ?');
    for (const r of rows) setKey.run(caseKeyOf(r.source, r.source_key), r.id);
    db.exec('CREATE INDEX cases_case_key ON cases (source, case_key)');
    restoreHiddenStatuses(db);
  },
};

/** Frozen copy of the rule in caseRepository.ts (migrations never import live code). */
function caseKeyOf(source: string, sourceKey: string): string {
  return source === 'archive' ? sourceKey : path.basename(sourceKey);
}

interface Pair {
  missingId: string;
  missingKey: string;
  presentId: string;
  presentKey: string;
}

function restoreHiddenStatuses(db: Database.Database): void {
  // A status set by the user is recorded in the audit log ('case.status').
  const pairs = db
    .prepare<[], Pair>(
      `SELECT m.id AS missingId, m.source_key AS missingKey, p.id AS presentId, p.source_key AS presentKey
       FROM cases m JOIN cases p
         ON p.source = m.source AND p.case_key = m.case_key AND p.accession = m.accession
            AND p.id <> m.id AND p.missing = 0
            AND (p.patient_id = '' OR m.patient_id = '' OR p.patient_id = m.patient_id)
       WHERE m.missing = 1 AND m.source IN ('demo', 'local')
         AND EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'case.status' AND a.object_id = m.id)
         AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'case.status' AND a.object_id = p.id)
       ORDER BY m.updated_at DESC`,
    )
    .all();
  const slides = db.prepare<[string], { id: string; locator: string }>(
    'SELECT id, locator FROM slides WHERE case_id = ?',
  );
  const relocateSlide = db.prepare<[string, string]>('UPDATE slides SET locator = ? WHERE id = ?');
  const dropSlides = db.prepare<[string]>('DELETE FROM slides WHERE case_id = ?');
  const dropCase = db.prepare<[string]>('DELETE FROM cases WHERE id = ?');
  const takePlace = db.prepare<[string, string]>(
    'UPDATE cases SET source_key = ?, missing = 0 WHERE id = ?',
  );
  // Only unambiguous pairs: one old row for one new row.
  const count = (ids: string[]) =>
    ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
  const perMissing = count(pairs.map((p) => p.missingId));
  const perPresent = count(pairs.map((p) => p.presentId));
  for (const pair of pairs) {
    if (perMissing.get(pair.missingId) !== 1 || perPresent.get(pair.presentId) !== 1) continue;
    const oldRoot = path.dirname(pair.missingKey);
    const newRoot = path.dirname(pair.presentKey);
    const present = new Set(slides.all(pair.presentId).map((s) => s.locator));
    const moved = slides
      .all(pair.missingId)
      .map((s) => ({ id: s.id, locator: relocate(s.locator, oldRoot, newRoot) }));
    if (!moved.some((s) => present.has(s.locator))) continue;
    dropSlides.run(pair.presentId);
    dropCase.run(pair.presentId);
    takePlace.run(pair.presentKey, pair.missingId);
    for (const s of moved) relocateSlide.run(s.locator, s.id);
  }
}

/** A slide locator (JSON) with its file or folder moved from one library root to another. */
function relocate(locator: string, oldRoot: string, newRoot: string): string {
  const parsed = JSON.parse(locator) as { kind: string; path?: string; folder?: string };
  const move = (p: string) =>
    p.startsWith(oldRoot) && (p.length === oldRoot.length || '/\\'.includes(p[oldRoot.length]!))
      ? newRoot + p.slice(oldRoot.length)
      : p;
  if (parsed.kind === 'file' && typeof parsed.path === 'string') parsed.path = move(parsed.path);
  if (parsed.kind === 'dicomfolder' && typeof parsed.folder === 'string')
    parsed.folder = move(parsed.folder);
  return JSON.stringify(parsed);
}
