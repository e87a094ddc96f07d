import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../common/contract';
import type { UserProfile } from '../../common/users/model';
import { AuditLog } from '../audit/auditLog';
import type { CaseRecord } from '../cases/caseRepository';
import { CaseRepository } from '../cases/caseRepository';
import { openWorkstationDb } from '../db/open';
import { silentLogger } from '../log/logger';
import { WorklistService } from './worklistService';
import { WorklistStore } from './worklistStore';

const profile = (id: string, name: string): UserProfile => ({
  id,
  name,
  title: 'Dr',
  initials: name.slice(0, 2),
  hasPin: true,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const DUPONT = profile('u-dupont', 'Claire Dupont');
const LEROY = profile('u-leroy', 'Hélène Leroy');

const record = (source: 'demo' | 'archive', key: string, stains: string[]): CaseRecord => ({
  source,
  sourceKey: key,
  accession: `B26-${key.replace(/\W/g, '')}`,
  patient: { name: 'X', id: 'P1', birthDate: null, sex: null },
  specimen: 'Colon',
  priority: 'routine',
  initialStatus: 'new',
  receivedAt: '2026-12-01T08:00:00.000Z',
  slides: stains.map((stain, i) => ({
    label: String(i + 1),
    stain,
    locator:
      source === 'archive'
        ? { kind: 'dicomweb', archiveId: 'A1', studyUID: key.split('/')[1]!, seriesUID: `1.${i}` }
        : { kind: 'file', path: `/lib/${key}/${i}.svs` },
  })),
});

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worklist-'));
  const db = await openWorkstationDb(path.join(dir, 'workstation.db'), silentLogger);
  const users = {
    user: DUPONT as UserProfile | null,
    locked: false,
    current: () => users.user,
    isLocked: () => users.locked,
    list: () => [DUPONT, LEROY],
  };
  const audit = new AuditLog(db, { users });
  const cases = new CaseRepository(db);
  cases.replaceSource('demo', [record('demo', '/lib/a', ['H&E', 'CD20', 'H&E', ''])]);
  cases.replaceSource('archive', [record('archive', 'A1/1.2.3', ['HES'])], 'A1/');
  const changed: { caseId: string; status: string }[] = [];
  let assignmentsChanged = 0;
  const worklist = new WorklistService({
    store: new WorklistStore(db),
    users,
    audit,
    cases,
    onStatusChanged: (caseId, summary: CaseSummary) =>
      changed.push({ caseId, status: summary.status }),
    onAssignmentsChanged: () => assignmentsChanged++,
  });
  const [demo, archive] = [cases.idOf('demo', '/lib/a')!, cases.idOf('archive', 'A1/1.2.3')!];
  const trail = () =>
    db
      .prepare<[], { action: string; user_id: string | null; object_id: string; detail: string }>(
        'SELECT action, user_id, object_id, detail FROM audit_entries ORDER BY seq',
      )
      .all();
  return {
    db,
    users,
    cases,
    worklist,
    demo,
    archive,
    changed,
    trail,
    assignmentsChanged: () => assignmentsChanged,
  };
}

describe('WorklistService', () => {
  it('lists each case with its stains once, in slide order, unassigned and not signed', async () => {
    const { cases, demo } = await setup();
    expect(cases.get(demo)).toMatchObject({
      stains: ['H&E', 'CD20'],
      assignedTo: null,
      signedAt: null,
    });
  });

  it('makes a New case In progress when a user opens it, once, in the audit trail under their name', async () => {
    const { worklist, cases, demo, changed, trail } = await setup();
    expect(worklist.caseOpened(demo).status).toBe('in_progress');
    expect(cases.get(demo).status).toBe('in_progress');
    expect(worklist.caseOpened(demo).status).toBe('in_progress');
    expect(changed).toEqual([{ caseId: demo, status: 'in_progress' }]);
    const entries = trail().filter((e) => e.action === 'case.status');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ user_id: 'u-dupont', object_id: demo });
    expect(JSON.parse(entries[0]!.detail)).toEqual({ status: 'in_progress', automatic: 'opened' });
  });

  it('moves nothing without a user session, nor while it is locked', async () => {
    const { worklist, users, cases, demo, changed } = await setup();
    users.user = null;
    expect(worklist.caseOpened(demo).status).toBe('new');
    users.user = DUPONT;
    users.locked = true;
    expect(worklist.caseOpened(demo).status).toBe('new');
    expect(cases.get(demo).status).toBe('new');
    expect(changed).toEqual([]);
  });

  it('leaves a case that is not New as it is', async () => {
    const { worklist, cases, demo } = await setup();
    cases.setStatus(demo, 'pending_ihc');
    expect(worklist.caseOpened(demo).status).toBe('pending_ihc');
  });

  it('assigns a case to a profile and back to nobody, audited, and says it stays on this computer', async () => {
    const { worklist, cases, demo, trail, assignmentsChanged } = await setup();
    expect(worklist.assign(demo, 'u-leroy')).toEqual({
      assignedTo: { userId: 'u-leroy', name: 'Hélène Leroy' },
      sync: 'local',
    });
    expect(cases.list().find((c) => c.id === demo)?.assignedTo).toEqual({
      userId: 'u-leroy',
      name: 'Hélène Leroy',
    });
    expect(worklist.assign(demo, null)).toEqual({ assignedTo: null, sync: 'local' });
    expect(cases.get(demo).assignedTo).toBeNull();
    const entries = trail().filter((e) => e.action === 'case.assign');
    expect(entries.map((e) => JSON.parse(e.detail) as unknown)).toEqual([
      { userId: 'u-leroy', origin: 'local' },
      { userId: null, origin: 'local' },
    ]);
    expect(entries.every((e) => e.user_id === 'u-dupont')).toBe(true);
    expect(assignmentsChanged()).toBe(2);
  });

  it('refuses an unknown profile, and any assignment while the session is locked', async () => {
    const { worklist, users, demo } = await setup();
    expect(() => worklist.assign(demo, 'u-nobody')).toThrow(/no profile/);
    users.locked = true;
    expect(() => worklist.assign(demo, 'u-dupont')).toThrow(
      expect.objectContaining({ code: 'locked' }),
    );
  });

  it("takes the archive's reading physician, matched to a profile by name; a local choice wins and stays local", async () => {
    const { worklist, cases, archive } = await setup();
    worklist.archiveReadings('A1', [{ studyUID: '1.2.3', physician: 'Dr DUPONT Claire' }]);
    expect(worklist.assignment(archive)).toEqual({
      assignedTo: { userId: 'u-dupont', name: 'Dr DUPONT Claire' },
      sync: 'archive',
    });
    // Someone the workstation has no profile for: named, with no user.
    worklist.archiveReadings('A1', [{ studyUID: '1.2.3', physician: 'Martin Jacques' }]);
    expect(cases.get(archive).assignedTo).toEqual({ userId: null, name: 'Martin Jacques' });
    worklist.assign(archive, 'u-leroy');
    expect(worklist.assignment(archive).sync).toBe('local_only');
    worklist.archiveReadings('A1', [{ studyUID: '1.2.3', physician: 'Dupont Claire' }]);
    expect(cases.get(archive).assignedTo).toEqual({ userId: 'u-leroy', name: 'Hélène Leroy' });
  });

  it('forgets an archive assignment the archive no longer gives, and ignores studies not stored', async () => {
    const { worklist, cases, archive } = await setup();
    worklist.archiveReadings('A1', [
      { studyUID: '1.2.3', physician: 'Leroy Helene' },
      { studyUID: '9.9.9', physician: 'Leroy Helene' },
    ]);
    expect(cases.get(archive).assignedTo).toEqual({ userId: 'u-leroy', name: 'Leroy Helene' });
    worklist.archiveReadings('A1', [{ studyUID: '1.2.3', physician: null }]);
    expect(cases.get(archive).assignedTo).toBeNull();
  });

  it('keeps the filters of each user apart, with the defaults for one who never chose', async () => {
    const { worklist, users } = await setup();
    expect(worklist.prefs()).toMatchObject({ view: 'open', assignment: 'all', statuses: [] });
    worklist.setPrefs({
      view: 'open',
      statuses: ['new'],
      priorities: ['frozen', 'urgent'],
      received: 'week',
      assignment: 'mine',
    });
    users.user = LEROY;
    expect(worklist.prefs().assignment).toBe('all');
    worklist.setPrefs({ ...worklist.prefs(), view: 'signedToday' });
    users.user = DUPONT;
    expect(worklist.prefs()).toEqual({
      view: 'open',
      statuses: ['new'],
      priorities: ['frozen', 'urgent'],
      received: 'week',
      assignment: 'mine',
    });
  });
});
