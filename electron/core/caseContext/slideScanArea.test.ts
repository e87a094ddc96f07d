/**
 * The scanned area travels from case.json (local library) or from the slide's files once
 * opened (DICOM metadata) to the slide the contract gives the renderer.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SlideSummarySchema } from '../../common/contract';
import { CaseRepository } from '../cases/caseRepository';
import { migrate } from '../db/migration';
import { workstationMigrations } from '../db/migrations';
import type { WorkstationDb } from '../db/open';
import { scanLibraryFolder } from '../library/scanLibrary';

const area = { x: 0.3, y: 0.2, width: 0.45, height: 0.6 };

async function library(manifest: object) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-area-'));
  const folder = path.join(root, 'P26-000100');
  fs.mkdirSync(folder);
  // Only names matter to the scan: the files are never opened here.
  fs.writeFileSync(path.join(folder, 'A1-HE.svs'), '');
  fs.writeFileSync(path.join(folder, 'A1-PAS.svs'), '');
  fs.writeFileSync(path.join(folder, 'case.json'), JSON.stringify(manifest));
  const db = new Database(':memory:') as unknown as WorkstationDb;
  await migrate(db, workstationMigrations);
  const cases = new CaseRepository(db);
  const scan = await scanLibraryFolder(root);
  cases.replaceSource('local', scan.records, root);
  const c = cases.list()[0];
  return { cases, errors: scan.errors, slides: c ? cases.slides(c.id) : [] };
}

describe('the scanned area of a slide', () => {
  it('comes from case.json for the slide it names, and is null for the others', async () => {
    const { slides, errors } = await library({
      accession: 'P26-000100',
      slides: [
        { file: 'A1-HE.svs', label: 'A1 HE', scanArea: area },
        { file: 'A1-PAS.svs', label: 'A1 PAS' },
      ],
    });
    expect(errors).toEqual([]);
    expect(slides.map((s) => [s.label, s.scanArea])).toEqual([
      ['A1 HE', area],
      ['A1 PAS', null],
    ]);
    // The contract's shape takes it (zod drops the engine's own fields).
    expect(SlideSummarySchema.parse(slides[0]).scanArea).toEqual(area);
  });

  it('makes a case.json whose area leaves the macro image invalid, named in the scan errors', async () => {
    const { errors } = await library({
      accession: 'P26-000100',
      slides: [{ file: 'A1-HE.svs', scanArea: { x: 0.7, y: 0, width: 0.5, height: 1 } }],
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^Invalid case\.json/);
  });

  it("comes from the slide's files once opened when case.json does not give it", async () => {
    const { cases, slides } = await library({ accession: 'P26-000100' });
    const slide = slides[0]!;
    expect(slide.scanArea).toBeNull();
    cases.setSlideState(slide.id, {
      metadata: JSON.stringify({ format: 'dicom', scanArea: area }),
    });
    expect(cases.slide(slide.id).scanArea).toEqual(area);
    // Metadata that says nothing usable leaves it unknown.
    cases.setSlideState(slide.id, {
      metadata: JSON.stringify({ format: 'dicom', scanArea: { x: 2 } }),
    });
    expect(cases.slide(slide.id).scanArea).toBeNull();
  });
});
