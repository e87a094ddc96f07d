/**
 * Issue 10.8: moving a library folder (a new drive letter) or the data folder (which holds
 * the demo library) must not hide the statuses the pathologist set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import { fakeDeps } from '../testing/fakeWorkstation';
import type { WorkstationDeps } from '../workstation';
import { createWorkstation } from '../workstation';

function writeCase(dir: string, accession: string, files: string[]) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'case.json'),
    JSON.stringify({ accession, specimen: 'Biopsie', priority: 'routine' }),
  );
  for (const f of files) fs.writeFileSync(path.join(dir, f), 'good');
}

/** A demo library of two cases, made in the data folder like the real one. */
const demoDeps: WorkstationDeps = {
  ...fakeDeps,
  prepareDemoLibrary: async (dir) => {
    if (fs.existsSync(dir)) return;
    writeCase(path.join(dir, 'DEMO-001'), 'DEMO-001', ['A1 HE.svs']);
    writeCase(path.join(dir, 'DEMO-002'), 'DEMO-002', ['B1 HE.svs', 'B2 Ki67.svs']);
    return Promise.resolve();
  },
};

const open = (dataDir: string, deps: WorkstationDeps = fakeDeps) =>
  createWorkstation(
    { dataDir, systemLocale: 'fr-FR', version: 'test', log: memoryLogger() },
    { ...deps, prefetch: { lookahead: 0 } },
  );

describe('moving folders keeps the statuses', () => {
  it('finds a status again after its library folder moved', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'move-'));
    const dataDir = path.join(root, 'data');
    const before = path.join(root, 'D', 'Lames');
    const after = path.join(root, 'E', 'Lames déplacées');
    writeCase(path.join(before, 'B26-000123'), 'B26-000123', ['A1 HE.svs', 'A2 CD20.svs']);
    writeCase(path.join(before, 'B26-000124'), 'B26-000124', ['A1 HE.svs']);

    const first = await open(dataDir, demoDeps);
    await first.handlers.updateSettings({ showDemo: false, libraryFolders: [before] });
    const cases = await first.handlers.listCases({});
    const target = cases.find((c) => c.accession === 'B26-000123')!;
    await first.handlers.setCaseStatus({ caseId: target.id, status: 'pending_ihc' });
    await first.close();

    fs.mkdirSync(path.dirname(after), { recursive: true });
    fs.renameSync(before, after);

    const second = await open(dataDir);
    await second.handlers.updateSettings({ libraryFolders: [after] });
    const moved = await second.handlers.listCases({});
    expect(moved.map((c) => [c.accession, c.status]).sort()).toEqual([
      ['B26-000123', 'pending_ihc'],
      ['B26-000124', 'new'],
    ]);
    expect(moved.find((c) => c.accession === 'B26-000123')?.id).toBe(target.id);
    // The case opens from its new place.
    const { slides } = await second.handlers.getCase({ caseId: target.id });
    expect(slides.map((s) => [s.label, s.error])).toEqual([
      ['A1 HE', null],
      ['A2 CD20', null],
    ]);
    expect(second.describeSlide(slides[0]!.id).locator).toEqual({
      kind: 'file',
      path: path.join(after, 'B26-000123', 'A1 HE.svs'),
    });
    await second.close();
  });

  it('finds the demo statuses again after the data folder moved', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'move-'));
    const before = path.join(root, 'C', 'Users', 'lab', 'AppData');
    const after = path.join(root, 'D', 'Station');
    const first = await open(before, demoDeps);
    const demo = await first.handlers.listCases({});
    expect(demo.map((c) => c.source)).toEqual(['demo', 'demo']);
    const target = demo.find((c) => c.accession === 'DEMO-002')!;
    await first.handlers.setCaseStatus({ caseId: target.id, status: 'pending_ihc' });
    await first.close();

    fs.mkdirSync(path.dirname(after), { recursive: true });
    fs.renameSync(before, after);

    const second = await open(after, demoDeps);
    const again = await second.handlers.listCases({});
    expect(again.map((c) => [c.accession, c.status]).sort()).toEqual([
      ['DEMO-001', 'new'],
      ['DEMO-002', 'pending_ihc'],
    ]);
    expect(again.find((c) => c.accession === 'DEMO-002')?.id).toBe(target.id);
    await second.close();
  });
});
