import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import { AuditLog } from '../audit/auditLog';
import type { CaseRecord } from '../cases/caseRepository';
import { CaseRepository } from '../cases/caseRepository';
import type { WorkstationDb } from '../db/open';
import { migrate } from '../db/migration';
import { workstationMigrations } from '../db/migrations';
import { DR_DUPONT, fakeUsers } from '../reports/testing';
import type { ArchiveCase } from '../sources/dicomweb/worklist';
import { CaseContextService } from './caseContextService';
import type { StoredCaseContext } from './storedContext';

const patient = { name: 'HAUTECOEUR Denise', id: '80176602', birthDate: null, sex: 'F' as const };

function record(accession: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    source: 'local',
    sourceKey: `/lib/${accession}`,
    accession,
    patient,
    specimen: `Specimen of ${accession}`,
    priority: 'routine',
    initialStatus: 'in_progress',
    receivedAt: '2026-12-01T08:00:00.000Z',
    slides: [
      {
        label: 'A1 HE',
        stain: 'HE',
        locator: { kind: 'file', path: `/lib/${accession}/1.svs` },
        block: 'A1',
      },
      { label: 'A2-HE', stain: 'HE', locator: { kind: 'file', path: `/lib/${accession}/2.svs` } },
    ],
    ...over,
  };
}

const context: StoredCaseContext = {
  clinicalInfo: 'Carcinome infiltrant connu',
  parts: [{ id: 'A', description: 'Mastectomie gauche' }],
  blocks: [
    { id: 'A1', part: 'A', description: 'Tumeur' },
    { id: 'A2', part: 'A', description: 'Berge' },
  ],
  conclusion: null,
};

async function setup(
  options: {
    studies?: (archiveId: string, patientId: string) => Promise<ArchiveCase[]>;
    outboxDir?: string;
  } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-context-'));
  const db = new Database(path.join(dir, 'workstation.db')) as unknown as WorkstationDb;
  await migrate(db, workstationMigrations);
  const cases = new CaseRepository(db);
  cases.replaceSource('local', [
    record('P26-004512', { context }),
    record('B25-011893', {
      receivedAt: '2025-11-20T08:00:00.000Z',
      initialStatus: 'signed_out',
      context: { ...context, conclusion: 'Carcinome infiltrant NST, grade 2.' },
    }),
    record('B26-000001', { patient: { ...patient, id: '99999999' } }),
  ]);
  const users = fakeUsers(DR_DUPONT);
  const audit = new AuditLog(db, { users });
  const statuses: [string, CaseStatus][] = [];
  const byAccession = (a: string) => cases.list().find((c) => c.accession === a)!;
  const service = new CaseContextService({
    db,
    cases,
    users,
    audit,
    outboxDir: options.outboxDir ?? path.join(dir, 'outbox', 'lis'),
    setStatus: (caseId, status) => {
      statuses.push([caseId, status]);
      cases.setStatus(caseId, status);
    },
    signedConclusion: () => null,
    archives: {
      list: () => [{ id: 'arch1', name: 'PACS Lille' }],
      studiesOfPatient: options.studies ?? (() => Promise.resolve([])),
    },
    now: () => new Date('2026-12-03T14:30:00.000Z'),
  });
  return { db, dir, cases, audit, users, service, statuses, byAccession };
}

describe('CaseContextService: context', () => {
  it('gives the stored clinical information, parts and blocks, and each slide its block', async () => {
    const { service, cases, byAccession } = await setup();
    const c = byAccession('P26-004512');
    expect(service.context(c.id)).toEqual({
      clinicalInfo: 'Carcinome infiltrant connu',
      parts: context.parts,
      blocks: context.blocks,
      requests: [],
    });
    expect(cases.slides(c.id).map((s) => s.block)).toEqual(['A1', null]);
    expect(() => service.context('nope')).toThrow(WorkstationError);
  });
});

describe('CaseContextService: priors', () => {
  it('lists the same patient’s other cases with date, specimen and conclusion, newest first', async () => {
    // `as`: the worklist's reading physician may or may not be on ArchiveCase yet.
    const study = (uid: string, accession: string, date: string, id = patient.id) =>
      ({
        studyUID: uid,
        accession,
        patient: { ...patient, id },
        specimen: 'Biopsie archivée',
        receivedAt: date,
        modalities: ['SM'],
        seriesCount: 1,
        readingPhysician: null,
      }) as ArchiveCase;
    const asked: string[] = [];
    const { service, byAccession } = await setup({
      studies: (archiveId, patientId) => {
        asked.push(`${archiveId}:${patientId}`);
        return Promise.resolve([
          study('1.2.3', 'B24-000777', '2024-03-01T10:00:00'),
          study('1.2.4', 'B24-000778', '2024-03-02T10:00:00', 'someone else'),
        ]);
      },
    });
    const result = await service.priors(byAccession('P26-004512').id);
    expect(asked).toEqual(['arch1:80176602']);
    expect(result.unreachable).toEqual([]);
    expect(result.priors).toEqual([
      {
        caseId: byAccession('B25-011893').id,
        accession: 'B25-011893',
        date: '2025-11-20T08:00:00.000Z',
        specimen: 'Specimen of B25-011893',
        conclusion: 'Carcinome infiltrant NST, grade 2.',
        source: 'local',
        archiveName: null,
      },
      {
        caseId: null,
        accession: 'B24-000777',
        date: '2024-03-01T10:00:00',
        specimen: 'Biopsie archivée',
        conclusion: null,
        source: 'archive',
        archiveName: 'PACS Lille',
      },
    ]);
  });

  it('names an archive that cannot be asked, and a case with no patient id has no priors', async () => {
    const { service, byAccession, cases } = await setup({
      studies: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const result = await service.priors(byAccession('P26-004512').id);
    expect(result.unreachable).toEqual(['PACS Lille']);
    expect(result.priors.map((p) => p.accession)).toEqual(['B25-011893']);
    cases.replaceSource('demo', [
      record('X1', { source: 'demo', patient: { ...patient, id: '' } }),
    ]);
    expect(await service.priors(byAccession('X1').id)).toEqual({ priors: [], unreachable: [] });
  });
});

describe('CaseContextService: stain requests', () => {
  it('records, audits, writes the ServiceRequest into the outbox and makes the case pending_ihc', async () => {
    const { service, byAccession, audit, dir, statuses } = await setup();
    const caseId = byAccession('P26-004512').id;
    const request = await service.requestStains({
      caseId,
      items: [
        { block: 'A1', kind: 'stain', stain: 'HER2' },
        { block: 'A2', kind: 'level' },
      ],
      note: 'Urgent',
    });
    expect(request).toMatchObject({
      caseId,
      note: 'Urgent',
      requestedAt: '2026-12-03T14:30:00.000Z',
      requester: { id: DR_DUPONT.id, name: 'Claire Dupont', title: 'Dr' },
      outbox: { state: 'written', error: null },
    });
    expect(statuses).toEqual([[caseId, 'pending_ihc']]);
    expect(byAccession('P26-004512').status).toBe('pending_ihc');
    const file = path.join(dir, 'outbox', 'lis', request.outbox.file!);
    const fhir = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(fhir).toMatchObject({
      resourceType: 'ServiceRequest',
      requisition: { value: 'P26-004512' },
      identifier: [{ value: request.id }],
    });
    expect(fs.readdirSync(path.join(dir, 'outbox', 'lis'))).toEqual([request.outbox.file]);
    expect(service.context(caseId).requests).toEqual([request]);
    const entries = [...audit.entries()].filter((e) => e.action === 'case.stain_request');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ objectId: caseId, userId: DR_DUPONT.id });
    expect(audit.verify().ok).toBe(true);
  });

  it('refuses without a user, on a locked session, a signed-out case or an unknown block', async () => {
    const { service, byAccession, users } = await setup();
    const caseId = byAccession('P26-004512').id;
    const items = [{ block: 'A1', kind: 'recut' as const }];
    users.locked = true;
    await expect(service.requestStains({ caseId, items, note: '' })).rejects.toMatchObject({
      code: 'locked',
    });
    users.locked = false;
    users.user = null;
    await expect(service.requestStains({ caseId, items, note: '' })).rejects.toMatchObject({
      code: 'locked',
    });
    users.user = DR_DUPONT;
    await expect(
      service.requestStains({ caseId, items: [{ block: 'B7', kind: 'recut' }], note: '' }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(
      service.requestStains({ caseId: byAccession('B25-011893').id, items, note: '' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(service.context(caseId).requests).toEqual([]);
  });

  it('keeps a request whose file cannot be written, says so, and writes it on retry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lis-blocked-'));
    const blocked = path.join(dir, 'lis');
    fs.writeFileSync(blocked, 'a file where the folder should be');
    const { service, byAccession, db } = await setup({ outboxDir: blocked });
    const caseId = byAccession('P26-004512').id;
    const request = await service.requestStains({
      caseId,
      items: [{ block: 'A1', kind: 'recut' }],
      note: '',
    });
    expect(request.outbox.state).toBe('failed');
    expect(request.outbox.error).not.toBeNull();
    fs.rmSync(blocked);
    expect(await service.retryOutbox()).toBe(1);
    const [stored] = service.context(caseId).requests;
    expect(stored?.outbox.state).toBe('written');
    expect(fs.existsSync(path.join(blocked, stored!.outbox.file!))).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM stain_requests').get()).toEqual({ n: 1 });
  });
});
