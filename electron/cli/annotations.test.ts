import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePyramidalTiff } from '../core/demo/tiffWriter';
import { openWorkstationDb } from '../core/db/open';
import { silentLogger } from '../core/log/logger';
import { SettingsRepository } from '../core/settings/settingsRepository';
import { fixtureSpecs } from '../core/sources/tiff/testFixtures';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'electron', 'cli', 'annotations.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would (tsx electron/cli/annotations.ts ...), with a hard timeout. */
function annotations(args: string[], stdin?: string): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      tsx,
      [cli, ...args],
      { cwd: root, timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

let dir: string;
let dataDir: string;
let library: string;
const at = (slide: number, ...rest: string[]) => [
  '--data-dir',
  dataDir,
  '--library',
  library,
  '--case',
  'B26-000042',
  '--slide',
  String(slide),
  ...rest,
];

interface Fc {
  type: string;
  features: {
    geometry: { type: string; coordinates: unknown };
    properties: {
      objectType: string;
      classification?: { name: string; color: number[] };
      measurements?: Record<string, number>;
    };
  }[];
}

const QUPATH = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: '4f7e2b0e-6c1a-4a3e-9d1f-0c1b2a3d4e5f',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [10, 10],
            [410, 10],
            [410, 210],
            [10, 210],
            [10, 10],
          ],
          [
            [100, 100],
            [200, 100],
            [200, 200],
            [100, 200],
            [100, 100],
          ],
        ],
      },
      properties: {
        objectType: 'annotation',
        name: 'Zone 1',
        classification: { name: 'Tumor', color: [200, 0, 0] },
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [50, 50],
          [60, 60.5],
        ],
      },
      properties: { objectType: 'annotation', classification: { name: 'Mitosis' } },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [300, 400],
        ],
      },
      properties: { objectType: 'annotation' },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5, 5] },
      properties: {
        objectType: 'detection',
        classification: { name: 'Nucleus candidate', color: [1, 2, 3] },
        measurements: { Probability: 0.75 },
      },
    },
  ],
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'annotationscli-'));
  library = join(dir, 'library');
  dataDir = join(dir, 'data');
  const caseDir = join(library, 'B26-000042');
  await mkdir(caseDir, { recursive: true });
  await mkdir(dataDir);
  const specs = fixtureSpecs();
  await writePyramidalTiff(join(caseDir, 'A1 HE.tif'), specs.tiff.options); // 900×700, 0.25 µm/px
  await writePyramidalTiff(join(caseDir, 'A2 HE.tif'), specs.subifd.options); // 600×400, no spacing
  // No demo library in this data folder: the test is about the library given with --library.
  const db = await openWorkstationDb(join(dataDir, 'workstation.db'), silentLogger);
  new SettingsRepository(db, silentLogger).update({ showDemo: false });
  db.close();
  await writeFile(join(dir, 'qupath.geojson'), QUPATH);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('annotations CLI', () => {
  it('imports a QuPath file, then exports the slide as QuPath reads it', async () => {
    const imported = await annotations(['import', ...at(1), join(dir, 'qupath.geojson')]);
    expect(imported).toEqual({
      code: 0,
      stdout: 'imported 4 features (1 detection, 1 new class)\n',
      stderr: '',
    });

    const exported = await annotations(['export', ...at(1)]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('');
    const doc = JSON.parse(exported.stdout) as Fc;
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features.map((f) => [f.geometry.type, f.properties.objectType])).toEqual([
      ['Polygon', 'annotation'],
      ['MultiPoint', 'annotation'],
      ['LineString', 'annotation'],
      ['Point', 'detection'],
    ]);
    const [region, points, line, detection] = doc.features;
    expect(region!.geometry.coordinates).toEqual(
      (JSON.parse(QUPATH) as Fc).features[0]!.geometry.coordinates,
    );
    expect(region!.properties.classification).toEqual({ name: 'Tumour', color: [214, 39, 40] });
    // (400 × 200 − 100 × 100) px at 0.25 µm/px; outline 1200 px + hole 400 px.
    expect(region!.properties.measurements).toEqual({
      'Area µm^2': 70_000 * 0.0625,
      'Perimeter µm': 1600 * 0.25,
    });
    expect(points!.properties.classification?.name).toBe('Mitosis');
    expect(line!.properties.measurements).toEqual({ 'Length µm': 125 });
    expect(detection!.properties).toMatchObject({
      classification: { name: 'Nucleus candidate', color: [1, 2, 3] },
      measurements: { Probability: 0.75 },
    });

    // The export read back adds the same features again, from standard input.
    const again = await annotations(['import', ...at(1), '-'], exported.stdout);
    expect(again.stdout).toBe('imported 4 features (1 detection, 0 new classes)\n');
    const twice = JSON.parse((await annotations(['export', ...at(1)])).stdout) as Fc;
    expect(twice.features.slice(4).map((f) => [f.geometry, f.properties.classification])).toEqual(
      doc.features.map((f) => [f.geometry, f.properties.classification]),
    );
  }, 120_000);

  it('measures in pixels, under QuPath’s pixel names, where the slide gives no spacing', async () => {
    const line = JSON.stringify({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [30, 40],
        ],
      },
      properties: {},
    });
    expect((await annotations(['import', ...at(2), '-'], line)).code).toBe(0);
    const doc = JSON.parse((await annotations(['export', ...at(2)])).stdout) as Fc;
    expect(doc.features[0]!.properties.measurements).toEqual({ 'Length px': 50 });
  }, 120_000);

  it('refuses a bad file with one line naming the feature, and imports none of it', async () => {
    const before = (JSON.parse((await annotations(['export', ...at(1)])).stdout) as Fc).features
      .length;
    const bad = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [5, 5] }, properties: {} },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [120_000, 5] }, properties: {} },
      ],
    });
    const r = await annotations(['import', ...at(1), '-'], bad);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'annotations: invalid_argument: feature 2 (features[1]): coordinates outside the slide (120000, 5) for a slide of 900×700\n',
    });
    const after = (JSON.parse((await annotations(['export', ...at(1)])).stdout) as Fc).features
      .length;
    expect(after).toBe(before);
  }, 120_000);

  it('says which case, slide or file is missing (exit 1), and exits 2 on usage errors', async () => {
    // The three run at once on one data folder, so all three are given the same library:
    // a run without it would hide the library's cases (kept, not deleted) while the first
    // one looks for B26-000042.
    const failures = await Promise.all([
      annotations(['export', ...at(3)]),
      annotations([
        'export',
        '--data-dir',
        dataDir,
        '--library',
        library,
        '--case',
        'B99-1',
        '--slide',
        '1',
      ]),
      annotations(['import', ...at(1), join(dir, 'missing.geojson')]),
    ]);
    expect(failures.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [1, '', 'annotations: not_found: Case B26-000042 has 2 slides: there is no slide 3.\n'],
      [1, '', 'annotations: not_found: No case has accession number B99-1.\n'],
      [1, '', `annotations: error: ${join(dir, 'missing.geojson')}: no such file\n`],
    ]);
    const usage = await Promise.all([
      annotations([]),
      annotations(['frobnicate']),
      annotations(['export', '--case', 'B26-000042']),
      annotations(['export', ...at(1), 'extra.geojson']),
      annotations(['import', ...at(1)]),
      annotations(['export', ...at(1), '--colour', 'red']),
      annotations(['export', '--data-dir', dataDir, '--case', 'B26-000042', '--slide', '0']),
    ]);
    for (const r of usage) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^annotations: .+ \(run "annotations --help" for usage\)\n$/);
      expect(r.stdout).toBe('');
    }
    const help = await annotations(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^usage: annotations export --data-dir DIR --case ACCESSION --slide N/,
    );
  }, 120_000);
});
