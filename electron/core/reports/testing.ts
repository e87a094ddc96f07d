/**
 * For report tests: a real workstation.db file with the migrations reports need, a fake
 * user directory (the users service is tested on its own) and a recording audit trail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { UserProfile } from '../../common/users/model';
import type { WorkstationDb } from '../db/open';
import type { Migration } from '../db/migration';
import { migrate } from '../db/migration';
import { migration001 } from '../db/migrations/001_initial';
import { migration002 } from '../db/migrations/002_archives';
import { migration003 } from '../db/migrations/003_case_keys';
import { migration004 } from '../db/migrations/004_annotations';
import { migration005 } from '../db/migrations/005_archive_annotations_heatmaps';
import { migration007 } from '../db/migrations/007_reports';
import type { UserDirectory } from '../users/directory';

/** Stands in for migration 006 (users and audit), which reports do not read. */
const placeholder006: Migration = { version: 6, description: 'placeholder', up: () => undefined };

export async function reportDb(
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reports-')), 'workstation.db'),
): Promise<{ db: WorkstationDb; file: string }> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  await migrate(db, [
    migration001,
    migration002,
    migration003,
    migration004,
    migration005,
    placeholder006,
    migration007,
  ]);
  return { db: db as WorkstationDb, file };
}

export const DR_DUPONT: UserProfile = {
  id: 'u-dupont',
  name: 'Claire Dupont',
  title: 'Dr',
  initials: 'CD',
  hasPin: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export interface FakeUsers extends UserDirectory {
  user: UserProfile | null;
  locked: boolean;
  pins: Map<string, string>;
}

export function fakeUsers(user: UserProfile | null = DR_DUPONT, pin = '4321'): FakeUsers {
  const users: FakeUsers = {
    user,
    locked: false,
    pins: new Map(user ? [[user.id, pin]] : []),
    current: () => users.user,
    isLocked: () => users.locked,
    verifyPin: (userId, given) => users.pins.get(userId) === given,
  };
  return users;
}

export interface RecordedAudit {
  entries: {
    action: string;
    object?: { type: string; id: string };
    detail?: Record<string, unknown>;
  }[];
  record(
    action: string,
    object?: { type: string; id: string },
    detail?: Record<string, unknown>,
  ): void;
}

export function recordingAudit(): RecordedAudit {
  const audit: RecordedAudit = {
    entries: [],
    record: (action, object, detail) => {
      audit.entries.push({
        action,
        ...(object ? { object } : {}),
        ...(detail ? { detail } : {}),
      });
    },
  };
  return audit;
}
