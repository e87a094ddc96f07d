import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../core/audit/auditLog';
import { entryHash } from '../core/audit/chain';
import { openWorkstationDb } from '../core/db/open';
import { silentLogger } from '../core/log/logger';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const cli = path.join(root, 'electron', 'cli', 'audit.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as hospital IT would (tsx electron/cli/audit.ts ...), with a hard timeout. */
function audit(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(tsx, [cli, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A data folder whose trail has 6 entries. */
async function dataDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cli-'));
  const db = await openWorkstationDb(path.join(dir, 'workstation.db'), silentLogger);
  const log = new AuditLog(db, { workstation: 'PATH-WS-07' });
  for (let i = 1; i <= 6; i++) log.record('case.open', { type: 'case', id: `c${i}` });
  db.close();
  return dir;
}

/** What an attacker with the sqlite3 command line would do: drop the guards, then edit. */
function tamper(dir: string, sql: (db: Database.Database) => void): void {
  const db = new Database(path.join(dir, 'workstation.db'));
  db.exec('DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;');
  sql(db);
  db.close();
}

describe('audit verify (CLI)', () => {
  it('exits 0 with the number of entries when the trail is intact', async () => {
    const dir = await dataDir();
    const run = await audit(['verify', '--data-dir', dir]);
    expect(run).toEqual({ code: 0, stdout: 'audit trail intact: 6 entries\n', stderr: '' });
  });

  it('names an altered entry (hash mismatch)', async () => {
    const dir = await dataDir();
    tamper(dir, (db) => db.exec("UPDATE audit_entries SET object_id = 'c99' WHERE seq = 4"));
    const run = await audit(['verify', '--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'audit: corrupt: audit trail tampered: entry 4 does not match its hash: hash mismatch (altered)\n',
    );
  });

  it('names the entry after a deleted one (gap in seq)', async () => {
    const dir = await dataDir();
    tamper(dir, (db) => db.exec('DELETE FROM audit_entries WHERE seq = 3'));
    const run = await audit(['verify', '--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'audit: corrupt: audit trail tampered: gap before entry 4: entry 3 is missing (deleted)\n',
    );
  });

  it('names the entry after an inserted one (broken link), even with a well-made forged hash', async () => {
    const dir = await dataDir();
    tamper(dir, (db) => {
      // Make room after entry 2, then insert a forged entry 3 linked to entry 2.
      const rows = db
        .prepare<[], { seq: number }>(
          'SELECT seq FROM audit_entries WHERE seq > 2 ORDER BY seq DESC',
        )
        .all();
      for (const { seq } of rows)
        db.prepare('UPDATE audit_entries SET seq = ? WHERE seq = ?').run(seq + 1, seq);
      const prev = db.prepare('SELECT hash FROM audit_entries WHERE seq = 2').get() as {
        hash: string;
      };
      const forged = {
        seq: 3,
        at: '2026-12-03T09:00:00.000Z',
        userId: null,
        workstation: 'PATH-WS-07',
        action: 'case.open',
        objectType: 'case',
        objectId: 'c42',
        detail: null,
        prevHash: prev.hash,
      };
      db.prepare(
        `INSERT INTO audit_entries (seq, at, user_id, workstation, action, object_type, object_id, detail, prev_hash, hash)
         VALUES (@seq, @at, @userId, @workstation, @action, @objectType, @objectId, @detail, @prevHash, @hash)`,
      ).run({ ...forged, hash: entryHash(forged) });
    });
    const run = await audit(['verify', '--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'audit: corrupt: audit trail tampered: entry 4 does not link to entry 3: broken link (an entry was inserted or the chain rewritten)\n',
    );
  });

  it('says so when there is no workstation.db, and exits 2 on a usage error', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-none-'));
    const none = await audit(['verify', '--data-dir', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^audit: not_found: There is no workstation\.db in /);
    const usage = await audit(['check']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/unknown command check/);
  });
});
