/**
 * exportSignedReport on a report signed through the real engine (ReportService on a real
 * workstation.db file): the PDF and FHIR exports, the audit entry, and the refusals.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../common/contract';
import { EMPTY_SECTIONS } from '../../../common/reports/model';
import { ReportService } from '../reportService';
import { ReportStore } from '../reportStore';
import { fakeUsers, recordingAudit, reportDb } from '../testing';
import type { ExportDeps } from './index';
import { exportSignedReport, reportFileName } from './index';
import { SAMPLE_CASE, SAMPLE_TEMPLATE, sampleSnapshot } from './testing/samples';

const run = promisify(execFile);
const CASE: CaseSummary = {
  ...SAMPLE_CASE,
  priority: 'routine',
  status: 'in_progress',
  slideCount: 0,
  source: 'local',
  stains: [],
  assignedTo: null,
  signedAt: null,
};

async function setup() {
  const { db } = await reportDb();
  const audit = recordingAudit();
  const template = (id: string) => (id === SAMPLE_TEMPLATE.id ? SAMPLE_TEMPLATE : null);
  const service = new ReportService({
    store: new ReportStore(db),
    users: fakeUsers(),
    audit,
    cases: {
      assertCase: () => undefined,
      slideIds: () => [],
      setSignedOut: () => undefined,
    },
    template,
  });
  const deps: ExportDeps = {
    reports: service,
    cases: { get: () => CASE },
    template,
    audit,
    language: () => 'fr',
    timeZone: 'Europe/Paris',
  };
  return { service, audit, deps };
}

async function signSample(service: ReportService) {
  const snap = await sampleSnapshot();
  const stored = service.addSnapshot(CASE.id, {
    slideId: null,
    caption: 'Lame A1, HES',
    imageBase64: Buffer.from(snap.bytes).toString('base64'),
  });
  service.saveDraft(CASE.id, {
    templateId: SAMPLE_TEMPLATE.id,
    sections: {
      ...EMPTY_SECTIONS,
      microscopy: 'Prolifération carcinomateuse.',
      conclusion: 'Carcinome infiltrant.',
    },
    synoptic: { histologic_type: 'nst', grade: 'g2', size: 8 },
    snapshotIds: [stored.id],
  });
  return service.sign(CASE.id, '4321', []);
}

describe('exportSignedReport', () => {
  it('exports a report signed through the engine as a PDF, and records it in the audit trail', async () => {
    const { service, audit, deps } = await setup();
    const signed = await signSample(service);
    const out = await exportSignedReport(deps, { caseId: CASE.id, format: 'pdf' });
    expect(out.mimeType).toBe('application/pdf');
    expect(out.fileName).toBe('B26-013102-report.pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-export-')), out.fileName);
    fs.writeFileSync(file, Buffer.from(out.data, 'base64'));
    const text = (await run('pdftotext', [file, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Prolifération carcinomateuse.');
    expect(text).toContain('Lame A1, HES');
    expect(text).toContain(`Empreinte SHA-256 : ${signed.signature!.sha256}`);
    expect(text).toContain('Signé électroniquement par Dr Claire Dupont, le ');
    expect(audit.entries.at(-1)).toEqual({
      action: 'report.export',
      object: { type: 'case', id: CASE.id },
      detail: { format: 'pdf' },
    });
  });

  it('exports the FHIR Bundle with the same PDF inside, appended after an addendum', async () => {
    const { service, deps } = await setup();
    await signSample(service);
    const pdf = await exportSignedReport(deps, { caseId: CASE.id, format: 'pdf' });
    const fhir = await exportSignedReport(deps, { caseId: CASE.id, format: 'fhir' });
    expect(fhir).toMatchObject({
      mimeType: 'application/fhir+json',
      fileName: 'B26-013102-report.fhir.json',
    });
    const bundle = JSON.parse(fhir.data) as { entry: { resource: Record<string, unknown> }[] };
    const report = bundle.entry[0]!.resource as {
      status: string;
      presentedForm: { data: string }[];
    };
    expect(report.status).toBe('final');
    expect(report.presentedForm[0]!.data).toBe(pdf.data);
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Observation')).toHaveLength(3);

    service.addAddendum(CASE.id, '4321', 'Récepteurs hormonaux positifs.');
    const after = JSON.parse(
      (await exportSignedReport(deps, { caseId: CASE.id, format: 'fhir' })).data,
    ) as typeof bundle;
    expect(after.entry[0]!.resource.status).toBe('appended');
  });

  it('refuses a report that is not signed (conflict) or no longer matches its signature (corrupt)', async () => {
    const { service, audit, deps } = await setup();
    await expect(
      exportSignedReport(deps, { caseId: CASE.id, format: 'pdf' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await signSample(service);
    const tampered: ExportDeps = {
      ...deps,
      reports: {
        get: (id) => service.get(id),
        snapshot: (c, s) => service.snapshot(c, s),
        verify: () => ({ ok: false, reason: 'addendum x changed' }),
      },
    };
    await expect(
      exportSignedReport(tampered, { caseId: CASE.id, format: 'fhir' }),
    ).rejects.toMatchObject({ code: 'corrupt' });
    expect(audit.entries.filter((e) => e.action === 'report.export')).toEqual([]);
  });

  it('names files from the accession, safely', () => {
    expect(reportFileName('B26/01 3', 'pdf')).toBe('B26_01_3-report.pdf');
    expect(reportFileName('', 'fhir')).toBe('case-report.fhir.json');
  });
});
