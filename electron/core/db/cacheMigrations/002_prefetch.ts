import type { Migration } from '../migration';

/**
 * The prefetcher's queue, so that it resumes after a restart: which cases are queued from
 * the worklist or pinned ("available offline"), in which order, paused or cancelled, and
 * the slides to fetch (their locators; never credentials: archive connections are handed
 * to the prefetcher at each start). `plan` remembers, once a case was complete, how many
 * tiles each slide needed, so that a complete case is recognised at start without opening
 * its slides. Global flags (paused) live in prefetch_settings.
 */
export const cacheMigration002: Migration = {
  version: 2,
  description: 'prefetch queue',
  up(db) {
    db.exec(`
      CREATE TABLE prefetch_cases (
        case_id TEXT PRIMARY KEY,
        priority TEXT NOT NULL CHECK (priority IN ('frozen', 'urgent', 'routine')),
        position INTEGER NOT NULL,
        in_worklist INTEGER NOT NULL DEFAULT 0,
        pinned INTEGER NOT NULL DEFAULT 0,
        paused INTEGER NOT NULL DEFAULT 0,
        cancelled INTEGER NOT NULL DEFAULT 0,
        slides TEXT NOT NULL,
        plan TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE prefetch_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
