import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { UserProfile } from '../../common/users/model';
import { memoryLogger } from '../log/logger';
import type { WorkstationDb } from '../db/open';
import { openWorkstationDb } from '../db/open';
import { AuditLog } from './auditLog';
import { GENESIS_HASH, checkChain, entryHash } from './chain';

async function tempDb(): Promise<{ db: WorkstationDb; file: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'workstation.db');
  return { db: await openWorkstationDb(file, memoryLogger()), file };
}

const claire: UserProfile = {
  id: 'u-claire',
  name: 'Claire Dupont',
  title: 'Dr',
  initials: 'CD',
  hasPin: true,
  createdAt: '2026-12-03T00:00:00.000Z',
};

describe('AuditLog', () => {
  it('chains entries and attaches the current user and the workstation', async () => {
    const { db } = await tempDb();
    let current: UserProfile | null = null;
    const audit = new AuditLog(db, {
      workstation: 'PATH-WS-07',
      users: { current: () => current },
    });
    expect(audit.record('case.open', { type: 'case', id: 'c1' })).toBe(1);
    current = claire;
    audit.record('report.sign', { type: 'report', id: 'r1' }, { version: 2 });
    const entries = [...audit.entries()];
    expect(entries.map((e) => [e.seq, e.userId, e.workstation, e.action, e.detail])).toEqual([
      [1, null, 'PATH-WS-07', 'case.open', null],
      [2, 'u-claire', 'PATH-WS-07', 'report.sign', '{"version":2}'],
    ]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entryHash(entries[1]!)).toBe(entries[1]!.hash);
    expect(audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('nests in a caller’s transaction, and rolls back with it', async () => {
    const { db } = await tempDb();
    const audit = new AuditLog(db, { workstation: 'ws' });
    expect(() =>
      db.transaction(() => {
        audit.record('annotation.save', { type: 'annotation', id: 'a1' });
        throw new Error('the write failed');
      })(),
    ).toThrow('the write failed');
    db.transaction(() => audit.record('annotation.save', { type: 'annotation', id: 'a2' }))();
    expect([...audit.entries()].map((e) => [e.seq, e.objectId])).toEqual([[1, 'a2']]);
  });

  it('keeps one chain when two connections (the app and a CLI) append to the same file', async () => {
    const { db, file } = await tempDb();
    const other = new Database(file) as WorkstationDb;
    other.pragma('busy_timeout = 5000');
    const a = new AuditLog(db, { workstation: 'app' });
    const b = new AuditLog(other, { workstation: 'cli' });
    for (let i = 0; i < 20; i++) (i % 2 ? a : b).record('x', { type: 't', id: String(i) });
    expect(a.verify()).toEqual({ ok: true, entries: 20 });
    other.close();
  });

  it('forwarding is recorded beside the entries, never by changing them', async () => {
    const { db } = await tempDb();
    const audit = new AuditLog(db, { workstation: 'ws' });
    for (let i = 0; i < 3; i++) audit.record('case.open', { type: 'case', id: `c${i}` });
    expect(audit.pendingForward(10).map((e) => e.seq)).toEqual([1, 2, 3]);
    audit.markForwarded([1, 2]);
    expect(audit.pendingForward(10).map((e) => e.seq)).toEqual([3]);
    expect(audit.verify()).toEqual({ ok: true, entries: 3 });
  });
});

describe('checkChain', () => {
  it('names a gap, a broken link and an altered entry', async () => {
    const { db } = await tempDb();
    const audit = new AuditLog(db, { workstation: 'ws' });
    for (let i = 0; i < 4; i++) audit.record('case.open', { type: 'case', id: `c${i}` });
    const entries = [...audit.entries()];
    expect(checkChain(entries.filter((e) => e.seq !== 2))).toMatchObject({
      ok: false,
      problem: { seq: 3, kind: 'deleted' },
    });
    expect(checkChain(entries.filter((e) => e.seq !== 1))).toMatchObject({
      ok: false,
      problem: { seq: 2, kind: 'deleted' },
    });
    expect(
      checkChain(entries.map((e) => (e.seq === 3 ? { ...e, prevHash: GENESIS_HASH } : e))),
    ).toMatchObject({ ok: false, problem: { seq: 3, kind: 'inserted' } });
    expect(
      checkChain(entries.map((e) => (e.seq === 4 ? { ...e, objectId: 'c9' } : e))),
    ).toMatchObject({ ok: false, problem: { seq: 4, kind: 'altered' } });
    expect(checkChain([])).toEqual({ ok: true, entries: 0 });
  });
});
