import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../common/tracking/base64';
import { bucketOf } from '../../common/tracking/grid';
import type { PixelImage } from '../../common/tracking/tissueMask';
import { trackingDb } from './testing';
import { TrackingService } from './trackingService';
import { TrackingStore } from './trackingStore';

/** A 2000 × 1000 slide whose left half is tissue (pink) and right half glass. */
const SLIDE = { caseId: 'c1', width: 2000, height: 1000 };
function halfTissueThumbnail(): PixelImage {
  const width = 200;
  const height = 100;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data.set(x < 100 ? [230, 150, 200] : [244, 242, 245], (y * width + x) * 3);
  return { width, height, channels: 3, data };
}

async function setup(
  file?: string,
  options: { thumbnail?: () => Promise<PixelImage | null> } = {},
) {
  const db = await trackingDb(file);
  const audit: { action: string; id: string | undefined }[] = [];
  let thumbnails = 0;
  let threshold = 80;
  const service = new TrackingService({
    store: new TrackingStore(db),
    slide: (slideId) => {
      if (!['s1', 's2', 's3'].includes(slideId))
        return Promise.reject(Object.assign(new Error('no slide'), { code: 'not_found' }));
      return Promise.resolve(SLIDE);
    },
    slideIds: () => ['s1', 's2', 's3'],
    viewedSlides: () => new Set(['s1', 's2']),
    thumbnail: () => {
      thumbnails++;
      return options.thumbnail ? options.thumbnail() : Promise.resolve(halfTissueThumbnail());
    },
    thresholdPct: () => threshold,
    userId: () => 'u-dupont',
    audit: { record: (action, object) => void audit.push({ action, id: object?.id }) },
    now: () => new Date('2026-12-03T10:00:00Z'),
  });
  return {
    db,
    service,
    audit,
    thumbnails: () => thumbnails,
    setThreshold: (t: number) => (threshold = t),
  };
}

describe('tracking service', () => {
  it('starts with nothing seen, and the tissue found in the left half', async () => {
    const { service } = await setup();
    const c = await service.get('s1');
    expect({ cols: c.cols, rows: c.rows, seen10: c.seen10, updatedAt: c.updatedAt }).toEqual({
      cols: 256,
      rows: 128,
      seen10: 0,
      updatedAt: null,
    });
    const tissue = base64ToBytes(c.tissue ?? '');
    expect(tissue[0]).toBe(1);
    expect(tissue[255]).toBe(0);
    expect(tissue.reduce((a, b) => a + b, 0)).toBe(128 * 128);
  });

  it('adds views to the grid: the fractions rise with what was seen at 10× and 20×', async () => {
    const { service, audit } = await setup();
    // The left quarter (half of the tissue) at 10×, then its top half at 20×.
    let c = await service.record('s1', [
      { x: 0, y: 0, width: 500, height: 1000, magnification: 10 },
    ]);
    expect(c.seen10).toBeCloseTo(0.5, 5);
    expect(c.seen20).toBe(0);
    c = await service.record('s1', [{ x: 0, y: 0, width: 500, height: 500, magnification: 20 }]);
    expect(c.seen10).toBeCloseTo(0.5, 5);
    expect(c.seen20).toBeCloseTo(0.25, 5);
    // Glass seen at 40× does not count; a glance at 2× over everything does not count either.
    c = await service.record('s1', [
      { x: 1000, y: 0, width: 1000, height: 1000, magnification: 40 },
      { x: 0, y: 0, width: 2000, height: 1000, magnification: 2 },
    ]);
    expect(c.seen10).toBeCloseTo(0.5, 5);
    expect(base64ToBytes(c.grid)[0]).toBe(bucketOf(20));
    expect(c.updatedAt).toBe('2026-12-03T10:00:00.000Z');
    expect(audit).toEqual([{ action: 'slide.coverage_started', id: 's1' }]);
  });

  it('keeps coverage and mask on disk, computing the mask once', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tracking-')), 'workstation.db');
    const first = await setup(file);
    await Promise.all([
      first.service.record('s1', [{ x: 0, y: 0, width: 1000, height: 1000, magnification: 20 }]),
      first.service.get('s1'),
    ]);
    expect(first.thumbnails()).toBe(1);
    first.db.close();
    const again = await setup(file);
    const c = await again.service.get('s1');
    expect(c.seen10).toBeCloseTo(1, 5);
    expect(c.seen20).toBeCloseTo(1, 5);
    expect(again.thumbnails()).toBe(0);
  });

  it('tells per case which slides were opened and which are below the threshold', async () => {
    const { service, setThreshold } = await setup();
    await service.record('s1', [{ x: 0, y: 0, width: 800, height: 1000, magnification: 10 }]);
    const coverage = service.caseCoverage('c1');
    expect(coverage.thresholdPct).toBe(80);
    expect(
      coverage.slides.map((s) => [
        s.slideId,
        s.opened,
        Math.round(s.seen10 * 100),
        s.belowThreshold,
      ]),
    ).toEqual([
      ['s1', true, 80, false],
      ['s2', true, 0, true],
      ['s3', false, 0, false],
    ]);
    expect([...service.lowCoverageSlides('c1')]).toEqual(['s2']);
    setThreshold(81);
    expect([...service.lowCoverageSlides('c1')]).toEqual(['s1', 's2']);
  });

  it('counts every cell as tissue when the thumbnail cannot be read, and asks again next run only', async () => {
    const { service, thumbnails } = await setup(undefined, {
      thumbnail: () => Promise.reject(new Error('archive offline')),
    });
    const c = await service.record('s1', [
      { x: 0, y: 0, width: 1000, height: 1000, magnification: 10 },
    ]);
    expect(c.tissue).toBeNull();
    expect(c.seen10).toBeCloseTo(0.5, 5);
    await service.get('s1');
    expect(thumbnails()).toBe(1);
  });

  it('refuses an unknown slide', async () => {
    const { service } = await setup();
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
