import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkstationError } from '../../../common/errors';
import { openSlideAny, findSlideFiles } from '../openSlide';
import {
  BIG_SLIDE_VERSION,
  CLASS_COUNT,
  DEMO_SLIDE_MAGIC,
  bigSlideIdentity,
  isDemoSlideHeader,
  parseDescriptor,
  serializeDescriptor,
} from './demoSlideDescriptor';
import type { BigSlideDescriptor } from './demoSlideDescriptor';
import { demoSlideLevels, stopDemoSlideRenderer } from './demoSlideSource';

let dir: string;
let descriptor: BigSlideDescriptor;

const codeOf = async (p: Promise<unknown>): Promise<string | null> => {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  return isWorkstationError(e) ? e.code : null;
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-slide-'));
  const jpeg = (
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#e0a0c0' } })
      .jpeg()
      .toBuffer()
  ).toString('base64');
  descriptor = {
    version: BIG_SLIDE_VERSION,
    kind: 'breastResection',
    seed: 1234,
    stain: 'HE',
    label: jpeg,
    macro: jpeg,
    thumbnail: jpeg,
    palette: Array.from(
      { length: CLASS_COUNT },
      (_, i) => [200 - i * 10, 150, 190] as [number, number, number],
    ),
  };
  await fs.writeFile(path.join(dir, 'A1-HE.demoslide'), serializeDescriptor(descriptor));
});

afterAll(async () => {
  await stopDemoSlideRenderer();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('demo slide descriptor', () => {
  it('reads back what it writes, and is recognised by its first bytes', () => {
    const text = serializeDescriptor(descriptor);
    expect(parseDescriptor(text)).toEqual(descriptor);
    expect(isDemoSlideHeader(new TextEncoder().encode(text.slice(0, 40)))).toBe(true);
    expect(isDemoSlideHeader(new TextEncoder().encode('{"kind":"breastResection"}'))).toBe(false);
    expect(isDemoSlideHeader(new Uint8Array(0))).toBe(false);
  });

  it('refuses a damaged descriptor with a corrupt error', () => {
    const bad = [
      '{"version":1}',
      `${DEMO_SLIDE_MAGIC}{not json`,
      `${DEMO_SLIDE_MAGIC}${JSON.stringify({ ...descriptor, kind: 'liver' })}`,
      `${DEMO_SLIDE_MAGIC}${JSON.stringify({ ...descriptor, seed: -1 })}`,
      `${DEMO_SLIDE_MAGIC}${JSON.stringify({ ...descriptor, palette: descriptor.palette.slice(1) })}`,
      `${DEMO_SLIDE_MAGIC}${JSON.stringify({ ...descriptor, version: BIG_SLIDE_VERSION + 1 })}`,
      `${DEMO_SLIDE_MAGIC}${JSON.stringify({ ...descriptor, extra: 1 })}`,
    ];
    for (const text of bad) {
      let code: string | null = null;
      try {
        parseDescriptor(text);
      } catch (e) {
        code = isWorkstationError(e) ? e.code : 'other';
      }
      expect(code).toBe('corrupt');
    }
  });

  it('keeps one identity per layout, seed and stain', () => {
    expect(bigSlideIdentity(descriptor)).toBe(bigSlideIdentity({ ...descriptor }));
    expect(bigSlideIdentity(descriptor)).toMatch(/^demo-big:/);
    expect(bigSlideIdentity({ ...descriptor, stain: 'ER' })).not.toBe(bigSlideIdentity(descriptor));
    expect(bigSlideIdentity({ ...descriptor, seed: 1235 })).not.toBe(bigSlideIdentity(descriptor));
  });

  it('has ×4 levels down to a thumbnail-sized one', () => {
    const levels = demoSlideLevels('breastResection');
    expect(levels.map((l) => l.downsample)).toEqual([1, 4, 16, 64, 256]);
    expect(levels[0]).toMatchObject({
      width: 80128,
      height: 59904,
      tileWidth: 256,
      tileHeight: 256,
    });
    expect(levels.at(-1)).toMatchObject({ width: 313, height: 234 });
    for (const l of levels) expect(l.width).toBe(Math.ceil(80128 / l.downsample));
  });
});

describe('openSlideAny on a demo slide', () => {
  it('is listed and opened, with 40× metadata and its associated images', async () => {
    expect(await findSlideFiles(dir)).toEqual([path.join(dir, 'A1-HE.demoslide')]);
    const slide = await openSlideAny(path.join(dir, 'A1-HE.demoslide'));
    expect(slide.metadata).toMatchObject({
      format: 'demo',
      mpp: { x: 0.25, y: 0.25 },
      objectivePower: 40,
      associated: ['label', 'macro', 'thumbnail'],
    });
    expect(slide.identity).toBe(bigSlideIdentity(descriptor));
    const label = await slide.readAssociated('label');
    expect(Buffer.from(label.bytes).toString('base64')).toBe(descriptor.label);
  });

  it('renders tiles on demand as JPEG (worker thread), the same bytes twice, none outside the grid', async () => {
    const slide = await openSlideAny(path.join(dir, 'A1-HE.demoslide'));
    const col = Math.floor((80128 * 0.42) / 256);
    const row = Math.floor((59904 * 0.52) / 256);
    const [a, b] = await Promise.all([slide.readTile(0, col, row), slide.readTile(0, col, row)]);
    expect(a.contentType).toBe('image/jpeg');
    expect([a.bytes[0], a.bytes[1]]).toEqual([0xff, 0xd8]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const meta = await sharp(a.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
    const low = await slide.readTile(4, 0, 0);
    expect((await sharp(low.bytes).metadata()).width).toBe(256);
    expect(await codeOf(slide.readTile(4, 2, 0))).toBe('not_found');
    expect(await codeOf(slide.readTile(5, 0, 0))).toBe('not_found');
    expect(await codeOf(slide.readTile(0, -1, 0))).toBe('not_found');
  }, 60_000);

  it('drops the waiting tiles of a view left before they are rendered', async () => {
    const slide = await openSlideAny(path.join(dir, 'A1-HE.demoslide'));
    const controller = new AbortController();
    const asked = Array.from({ length: 6 }, (_, i) =>
      slide.readTile(2, 8 + (i % 3), 9 + Math.floor(i / 3), controller.signal).then(
        () => 'rendered',
        (e: unknown) => (e === controller.signal.reason ? 'dropped' : 'failed'),
      ),
    );
    controller.abort();
    const outcomes = await Promise.all(asked);
    // At most one tile per worker (two) had started; the others were never rendered.
    expect(outcomes.filter((o) => o === 'dropped').length).toBeGreaterThanOrEqual(4);
    expect(outcomes).not.toContain('failed');
  }, 60_000);

  it('reports an invalid descriptor as corrupt, not a crash', async () => {
    const file = path.join(dir, 'bad.demoslide');
    await fs.writeFile(file, `${DEMO_SLIDE_MAGIC}{"version":1,"kind":"breastResection"}`);
    expect(await codeOf(openSlideAny(file))).toBe('corrupt');
    await fs.writeFile(file, `${DEMO_SLIDE_MAGIC}garbage`);
    expect(await codeOf(openSlideAny(file))).toBe('corrupt');
    await fs.rm(file);
  });
});
