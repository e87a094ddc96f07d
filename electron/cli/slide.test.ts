import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureColour, generateFixtures } from '../core/sources/tiff/testFixtures';
import type { FixtureSet } from '../core/sources/tiff/testFixtures';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'electron', 'cli', 'slide.ts');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

/** Runs the CLI as a user would (tsx electron/cli/slide.ts ...), with a hard timeout. */
function slide(...args: string[]): Promise<Run> {
  const t0 = performance.now();
  return new Promise((done) => {
    execFile(
      tsx,
      [cli, ...args],
      { cwd: root, encoding: 'buffer', timeout: 30_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr: stderr.toString('utf8'), ms: performance.now() - t0 });
      },
    );
  });
}

let dir: string;
let fx: FixtureSet;
let single: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slidecli-'));
  fx = await generateFixtures(join(dir, 'all'));
  single = join(dir, 'case-1');
  await mkdir(single);
  await copyFile(fx.tiff, join(single, 'slide.tif'));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('slide CLI', () => {
  it('info prints one JSON object describing an SVS', async () => {
    const r = await slide('info', fx.svs);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout.toString('utf8')) as Record<string, unknown>;
    expect(info).toEqual({
      format: 'aperio-svs',
      width: 1000,
      height: 760,
      mpp: { x: 0.499, y: 0.499 },
      objectivePower: 20,
      levels: [
        { width: 1000, height: 760, downsample: 1, tileWidth: 128, tileHeight: 128 },
        { width: 250, height: 190, downsample: 4, tileWidth: 128, tileHeight: 128 },
        { width: 62, height: 47, downsample: 1000 / 62, tileWidth: 128, tileHeight: 128 },
      ],
      associated: ['label', 'macro', 'thumbnail'],
    });
  });

  it('info on a folder with exactly one slide describes that slide; with several it refuses', async () => {
    const one = await slide('info', single);
    expect(one.code).toBe(0);
    expect(
      (JSON.parse(one.stdout.toString('utf8')) as { format: string; width: number }).width,
    ).toBe(900);
    const many = await slide('info', fx.dir);
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/slide files/);
  });

  it('tile writes a standalone JPEG to stdout or --out', async () => {
    const r = await slide('tile', fx.svs, '1', '1', '0');
    expect(r.code).toBe(0);
    expect([r.stdout[0], r.stdout[1]]).toEqual([0xff, 0xd8]);
    const px = await sharp(r.stdout)
      .extract({ left: 64, top: 64, width: 1, height: 1 })
      .raw()
      .toBuffer();
    const expected = fixtureColour(1, 128 + 64, 64, 128);
    [...px].forEach((v, i) => expect(Math.abs(v - (expected[i] ?? -99))).toBeLessThanOrEqual(4));

    const out = join(dir, 'tile.jpg');
    const r2 = await slide('tile', fx.svs, '1', '1', '0', '--out', out);
    expect(r2.code).toBe(0);
    expect(r2.stdout.length).toBe(0);
    expect((await readFile(out)).equals(r.stdout)).toBe(true);
  });

  it('associated writes label, macro and thumbnail', async () => {
    const out = join(dir, 'label.png');
    const r = await slide('associated', fx.svs, 'label', '--out', out);
    expect(r.code).toBe(0);
    expect((await sharp(out).metadata()).width).toBe(160);
    const thumb = await slide('associated', fx.lzw, 'thumbnail');
    expect(thumb.code).toBe(0);
    expect((await sharp(thumb.stdout).metadata()).format).toBe('jpeg');
  });

  it('fails fast with exit 1 and one line on stderr for unreadable input', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['info', fx.jpeg2000],
        /^slide: unsupported: JPEG 2000 compressed slides are not supported \(compression 33003\)\n$/,
      ],
      [['info', fx.truncated], /^slide: corrupt: .+\n$/],
      [['info', fx.garbage], /^slide: corrupt: .+\n$/],
      [['info', fx.notTiff], /^slide: corrupt: .+\n$/],
      [['info', join(dir, 'missing.svs')], /^slide: not_found: .+\n$/],
      [['tile', fx.svs, '0', '99', '0'], /^slide: not_found: .+\n$/],
      [['associated', fx.bigtiff, 'macro'], /^slide: not_found: .+\n$/],
    ];
    const runs = await Promise.all(cases.map(([args]) => slide(...args)));
    runs.forEach((r, i) => {
      const [args, pattern] = cases[i] ?? [[], /$^/];
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n.*\n/); // one line, no stack trace
      expect(r.stdout.length).toBe(0);
      expect(r.ms).toBeLessThan(15_000);
    });
  });

  it('exits 2 on usage errors', async () => {
    const runs = await Promise.all([
      slide(),
      slide('frobnicate'),
      slide('tile', fx.svs, 'one', '0', '0'),
      slide('associated', fx.svs, 'overview'),
      slide('info'),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^slide: .+\n$/);
    }
    const help = await slide('--help');
    expect(help.code).toBe(0);
    expect(help.stdout.toString('utf8')).toMatch(/usage: slide info/);
  });
});
