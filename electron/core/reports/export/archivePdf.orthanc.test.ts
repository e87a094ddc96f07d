/**
 * The signed report in the archive, end to end against a real Orthanc (Debian orthanc +
 * orthanc-dicomweb): a report signed through the workstation's calls on an archive case is
 * stored in the case's study as a DICOM Encapsulated PDF (STOW-RS), found there with QIDO-RS
 * (modality DOC), read back with WADO-RS with the PDF bytes identical to the exported PDF,
 * and valid for dciodvfy as the archive keeps it. An addendum signed while the archive is
 * down waits in the outbox and reaches the study, as the next instance of the same series,
 * when the archive is back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SECTIONS } from '../../../common/reports/model';
import { readPart10 } from '../../annotations/dicomAnn/part10';
import { dciodvfy, dciodvfyInstalled } from '../../annotations/dicomAnn/testing/dciodvfy';
import { memoryLogger } from '../../log/logger';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { str } from '../../sources/dicom/dicomJson';
import { DicomwebClient } from '../../sources/dicomweb/client';
import { fakeDeps } from '../../testing/fakeWorkstation';
import { buildTestSeries } from '../../testing/orthanc/fixtures';
import type { TestSeries } from '../../testing/orthanc/fixtures';
import type { OrthancServer } from '../../testing/orthanc/orthanc';
import { orthancInstalled, startOrthanc } from '../../testing/orthanc/orthanc';
import { createWorkstation } from '../../workstation';
import { ENCAPSULATED_PDF_SOP_CLASS_UID, reportSeriesUid } from './index';

let orthanc: OrthancServer;
let work: string;
let slide: TestSeries;

async function until<T>(
  check: () => Promise<T | null> | T | null,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  // Polling what the engine does on its own (a background store, the outbox delivery).
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  if (!orthancInstalled()) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-report-archive-'));
  orthanc = await startOrthanc();
  slide = await buildTestSeries(path.join(work, 'slide'), {
    width: 512,
    height: 384,
    tileSize: 256,
    mpp: 0.25,
    dataset: {
      PatientName: 'DUPONT^Hélène',
      PatientID: 'P-REP-1',
      PatientBirthDate: '19700131',
      PatientSex: 'F',
      AccessionNumber: 'B26-000950',
      StudyDescription: 'Biopsie mammaire',
      StudyID: 'S950',
      StudyDate: '20261201',
      StudyTime: '081500',
      ContainerIdentifier: 'B26-000950-A1',
      SeriesNumber: '1',
    },
  });
  await orthanc.upload(slide.files);
}, 120_000);

afterAll(async () => {
  await orthanc?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function reportInstances(client: DicomwebClient): Promise<DicomJson[]> {
  const series = await client.searchSeries(slide.studyUID, { match: { Modality: 'DOC' } });
  if (series.length === 0) return [];
  return client.searchInstances(slide.studyUID, str(series[0]!, '0020000E')!, {});
}

describe.skipIf(!orthancInstalled())('signed report PDF in the archive', () => {
  it('stores it in the case’s study on signing, identical to the export; an offline addendum follows', async () => {
    const dataDir = path.join(work, 'data');
    const ws = await createWorkstation(
      { dataDir, systemLocale: 'fr-FR', version: '0.1.0-test', log: memoryLogger() },
      {
        ...fakeDeps,
        archiveTimeoutMs: 3_000,
        archiveKeepAliveMs: 1_000,
        prefetch: { lookahead: 0 },
      },
    );
    try {
      const h = ws.handlers;
      const archive = await h.saveArchive({
        name: 'PACS',
        baseUrl: orthanc.dicomwebUrl,
        auth: { kind: 'none' },
      });
      await h.syncArchives({});
      const theCase = await until(
        async () => (await h.listCases({})).find((c) => c.accession === 'B26-000950') ?? null,
        'the archive case',
      );
      const user = await h.saveUser({
        name: 'Claire Martin',
        title: 'Dr',
        initials: 'CM',
      });
      await h.setUserPin({ userId: user.id, pin: '2468' });
      await h.chooseUser({ userId: user.id, pin: '2468' });
      await h.saveReportDraft({
        caseId: theCase.id,
        content: {
          templateId: null,
          sections: {
            ...EMPTY_SECTIONS,
            microscopy: 'Carcinome infiltrant.',
            conclusion: 'Carcinome infiltrant de type non spécifique.',
          },
          synoptic: {},
          snapshotIds: [],
        },
      });
      const overrides = (await h.checkSignOut({ caseId: theCase.id })).map((c) => ({
        code: c.code,
        subject: c.subject,
        reason: 'Lame relue au microscope',
      }));
      await h.signReport({ caseId: theCase.id, pin: '2468', overrides });

      const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
      const [first] = await until(async () => {
        const found = await reportInstances(client);
        return found.length > 0 ? found : null;
      }, 'the report in the study');
      expect(str(first!, '00080016')).toBe(ENCAPSULATED_PDF_SOP_CLASS_UID);
      const seriesUID = str(first!, '0020000E')!;
      expect(seriesUID).toBe(reportSeriesUid(slide.studyUID));

      const exported = await h.exportReport({ caseId: theCase.id, format: 'pdf' });
      const pdf = Buffer.from(exported.data, 'base64');
      const stored = await client.retrieveInstance(
        slide.studyUID,
        seriesUID,
        str(first!, '00080018')!,
      );
      const ds = readPart10(stored);
      const length = ds['00420015']?.Value?.[0] as number;
      expect(length).toBe(pdf.length);
      expect(Buffer.from(ds['00420011']!.bytes!.subarray(0, length)).equals(pdf)).toBe(true);
      // The patient module as the study has it, the accession too.
      expect(ds['00100010']?.Value?.[0]).toEqual({ Alphabetic: 'DUPONT^Hélène' });
      expect(ds['00100020']?.Value?.[0]).toBe('P-REP-1');
      expect(ds['00080050']?.Value?.[0]).toBe('B26-000950');
      expect(ds['00200010']?.Value?.[0]).toBe('S950');
      if (dciodvfyInstalled()) expect((await dciodvfy(stored)).errors).toEqual([]);

      // The archive goes down; the addendum's PDF waits in the outbox, then arrives.
      await orthanc.halt();
      await h.addAddendum({ caseId: theCase.id, pin: '2468', text: 'HER2 : score 1+.' });
      const pending = async () =>
        (await h.getStatus({})).archives.find((a) => a.id === archive.id)?.pendingChanges ?? 0;
      await until(async () => ((await pending()) > 0 ? true : null), 'the addendum in the outbox');
      await orthanc.restart();
      const both = await until(
        async () => {
          const found = await reportInstances(client).catch(() => []);
          return found.length === 2 ? found : null;
        },
        'the addendum in the study',
        45_000,
      );
      const numbers = both.map((d) => Number(d['00200013']?.Value?.[0])).sort();
      expect(numbers).toEqual([1, 2]);
      const withAddendum = both.find((d) => Number(d['00200013']?.Value?.[0]) === 2)!;
      const second = readPart10(
        await client.retrieveInstance(slide.studyUID, seriesUID, str(withAddendum, '00080018')!),
      );
      const now = Buffer.from(
        (await h.exportReport({ caseId: theCase.id, format: 'pdf' })).data,
        'base64',
      );
      expect(Buffer.from(second['00420011']!.bytes!.subarray(0, now.length)).equals(now)).toBe(
        true,
      );
    } finally {
      await ws.close();
    }
  }, 120_000);
});
