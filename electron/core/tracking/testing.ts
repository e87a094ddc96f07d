/** For tracking tests: a real workstation.db with the migrations tracking needs. */
import Database from 'better-sqlite3';
import type { Migration } from '../db/migration';
import { migrate } from '../db/migration';
import { migration001 } from '../db/migrations/001_initial';
import { migration002 } from '../db/migrations/002_archives';
import { migration003 } from '../db/migrations/003_case_keys';
import { migration004 } from '../db/migrations/004_annotations';
import { migration005 } from '../db/migrations/005_archive_annotations_heatmaps';
import { migration007 } from '../db/migrations/007_reports';
import { migration008 } from '../db/migrations/008_slide_tracking';

/** Stands in for migration 006 (users and audit), which tracking does not read. */
const placeholder006: Migration = { version: 6, description: 'placeholder', up: () => undefined };

export async function trackingDb(file = ':memory:'): Promise<Database.Database> {
  const db = new Database(file);
  await migrate(db, [
    migration001,
    migration002,
    migration003,
    migration004,
    migration005,
    placeholder006,
    migration007,
    migration008,
  ]);
  return db;
}
