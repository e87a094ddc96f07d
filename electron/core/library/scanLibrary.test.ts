import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanLibraryFolder, stainFromName } from './scanLibrary';

function library(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('scanLibraryFolder', () => {
  it('makes one case per sub-folder, using case.json when present', async () => {
    const dir = library({
      'B26-000123/case.json': JSON.stringify({
        accession: 'B26-000123',
        patient: { name: 'DUPONT Marie', id: '800123', birthDate: '1961-04-02', sex: 'F' },
        specimen: 'Biopsie gastrique',
        priority: 'urgent',
        slides: [
          { file: 'b.svs', label: 'A1', stain: 'HE' },
          { file: 'a.svs', label: 'A1', stain: 'Ki-67' },
        ],
      }),
      'B26-000123/a.svs': 'x',
      'B26-000123/b.svs': 'x',
      'B26-000123/notes.txt': 'x',
      'Other case/slide 2.tif': 'x',
      'Other case/slide 10.tif': 'x',
      'empty/readme.md': 'x',
    });
    const { records, errors } = await scanLibraryFolder(dir);
    expect(errors).toEqual([]);
    expect(records.map((r) => r.accession)).toEqual(['B26-000123', 'Other case']);
    const [withManifest, plain] = records;
    expect(withManifest?.priority).toBe('urgent');
    expect(withManifest?.patient.name).toBe('DUPONT Marie');
    expect(
      withManifest?.slides.map((s) => [
        path.basename((s.locator as { path: string }).path),
        s.stain,
      ]),
    ).toEqual([
      ['b.svs', 'HE'],
      ['a.svs', 'Ki-67'],
    ]);
    // Natural order: "slide 2" before "slide 10".
    expect(plain?.slides.map((s) => s.label)).toEqual(['slide 2', 'slide 10']);
    expect(plain?.priority).toBe('routine');
  });

  it('groups top-level files named <case>__<slide> and keeps others as single cases', async () => {
    const dir = library({
      'C1__A1 HE.svs': 'x',
      'C1__A2 CD20.svs': 'x',
      'lonely.tiff': 'x',
      'ignored.jpg': 'x',
    });
    const { records } = await scanLibraryFolder(dir);
    expect(records.map((r) => [r.accession, r.slides.map((s) => [s.label, s.stain])])).toEqual([
      [
        'C1',
        [
          ['A1 HE', 'HE'],
          ['A2 CD20', 'CD20'],
        ],
      ],
      ['lonely', [['lonely', '']]],
    ]);
  });

  it('reports a missing folder and a bad case.json without failing', async () => {
    expect((await scanLibraryFolder('/does/not/exist')).errors).toEqual([
      {
        path: '/does/not/exist',
        message: 'Folder not found: /does/not/exist',
        reason: 'folder_missing',
      },
    ]);
    const dir = library({ 'X/case.json': '{ nope', 'X/a.svs': 'x' });
    const { records, errors } = await scanLibraryFolder(dir);
    expect(records[0]?.accession).toBe('X');
    expect(errors[0]?.message).toMatch(/not valid JSON/);
  });

  it('finds stains in file names', () => {
    expect(stainFromName('A1_HE.svs')).toBe('HE');
    expect(stainFromName('B2 Ki-67.tif')).toBe('Ki-67');
    expect(stainFromName('scan0001.svs')).toBe('');
  });
});
