import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLIDE_ORIENTATION,
  ScanAreaSchema,
  type SlideImageGeometry,
  dicomScanArea,
  imageToSlide,
  normalizedArea,
  slideToImage,
} from './scanArea';

/** A 75 × 25 mm glass photographed whole at 20 px/mm, first pixel at the slide origin. */
const overview: SlideImageGeometry = {
  columns: 1500,
  rows: 500,
  origin: { x: 0, y: 0 },
  orientation: DEFAULT_SLIDE_ORIENTATION,
  spacing: { row: 0.05, column: 0.05 },
};

/** A 40 × 20 mm scan at 1 µm/px whose first pixel lies at (20, 5) mm. */
const volume: SlideImageGeometry = {
  columns: 40_000,
  rows: 20_000,
  origin: { x: 20, y: 5 },
  orientation: DEFAULT_SLIDE_ORIENTATION,
  spacing: { row: 0.001, column: 0.001 },
};

describe('normalizedArea', () => {
  it('gives a rectangle inside the image as fractions of it', () => {
    expect(
      normalizedArea({ left: 150, top: 50, width: 750, height: 200 }, { width: 1500, height: 500 }),
    ).toEqual({ x: 0.1, y: 0.1, width: 0.5, height: 0.4 });
  });

  it('cuts a rectangle that runs over the edges to the image', () => {
    expect(
      normalizedArea(
        { left: -100, top: 400, width: 400, height: 300 },
        { width: 1000, height: 500 },
      ),
    ).toEqual({ x: 0, y: 0.8, width: 0.3, height: 0.2 });
  });

  it('is null for a rectangle off the image, an empty one, or an empty image', () => {
    const image = { width: 100, height: 100 };
    expect(normalizedArea({ left: 120, top: 0, width: 10, height: 10 }, image)).toBeNull();
    expect(normalizedArea({ left: 10, top: 10, width: 0, height: 10 }, image)).toBeNull();
    expect(
      normalizedArea({ left: 0, top: 0, width: 10, height: 10 }, { width: 0, height: 10 }),
    ).toBeNull();
  });
});

describe('the slide coordinate system', () => {
  it('takes image points to slide mm and back', () => {
    const rotated: SlideImageGeometry = {
      ...volume,
      origin: { x: 60, y: 3 },
      orientation: [0, 1, 0, -1, 0, 0],
      spacing: { row: 0.0005, column: 0.00025 },
    };
    const p = imageToSlide(rotated, 2000, 4000);
    // Columns run along +Y at 0.25 µm, rows along -X at 0.5 µm.
    expect(p.x).toBeCloseTo(60 - 4000 * 0.0005, 9);
    expect(p.y).toBeCloseTo(3 + 2000 * 0.00025, 9);
    const back = slideToImage(rotated, p);
    expect(back?.column).toBeCloseTo(2000, 6);
    expect(back?.row).toBeCloseTo(4000, 6);
  });

  it('has no inverse for a degenerate orientation', () => {
    expect(slideToImage({ ...overview, orientation: [1, 0, 0, 1, 0, 0] }, { x: 1, y: 1 })).toBe(
      null,
    );
  });
});

describe('dicomScanArea', () => {
  it('places the volume on an overview of the same orientation', () => {
    // x 20..60 mm and y 5..25 mm: columns 400..1200, rows 100..500 of the overview.
    expect(dicomScanArea(overview, volume)).toEqual({
      x: 0.2667,
      y: 0.2,
      width: 0.5333,
      height: 0.8,
    });
  });

  it('follows a volume whose rows run along the slide Y axis', () => {
    // 10,000 columns along +Y and 30,000 rows along +X from (10, 5): x 10..40, y 5..15 mm.
    const transposed: SlideImageGeometry = {
      columns: 10_000,
      rows: 30_000,
      origin: { x: 10, y: 5 },
      orientation: [0, 1, 0, 1, 0, 0],
      spacing: { row: 0.001, column: 0.001 },
    };
    expect(dicomScanArea(overview, transposed)).toEqual({
      x: 0.1333,
      y: 0.2,
      width: 0.4,
      height: 0.4,
    });
  });

  it('follows an overview photographed turned half a turn', () => {
    // Its first pixel sits at the far corner (75, 25) mm and its axes run backwards.
    const turned: SlideImageGeometry = {
      ...overview,
      origin: { x: 75, y: 25 },
      orientation: [-1, 0, 0, 0, -1, 0],
    };
    // x 20..60 mm: columns (75-60)/0.05 = 300 .. (75-20)/0.05 = 1100; y 5..25: rows 0..400.
    expect(dicomScanArea(turned, volume)).toEqual({ x: 0.2, y: 0, width: 0.5333, height: 0.8 });
  });

  it('cuts a volume larger than the overview to it', () => {
    const wide = { ...volume, origin: { x: -5, y: -5 }, columns: 100_000, rows: 40_000 };
    expect(dicomScanArea(overview, wide)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });

  it('is null when the volume lies off the overview or a geometry is unusable', () => {
    expect(dicomScanArea(overview, { ...volume, origin: { x: 80, y: 5 } })).toBeNull();
    expect(dicomScanArea(overview, { ...volume, spacing: { row: 0, column: 0.001 } })).toBeNull();
    expect(dicomScanArea({ ...overview, columns: 0 }, volume)).toBeNull();
    expect(dicomScanArea({ ...overview, orientation: [1, 0, 0, 1, 0, 0] }, volume)).toBeNull();
    expect(dicomScanArea(overview, { ...volume, origin: { x: Number.NaN, y: 5 } })).toBeNull();
  });
});

describe('ScanAreaSchema', () => {
  it('takes an area on the image and refuses one leaving it or empty', () => {
    expect(ScanAreaSchema.safeParse({ x: 0.2, y: 0.1, width: 0.8, height: 0.9 }).success).toBe(
      true,
    );
    expect(ScanAreaSchema.safeParse({ x: 0.5, y: 0, width: 0.6, height: 0.5 }).success).toBe(false);
    expect(ScanAreaSchema.safeParse({ x: 0, y: 0, width: 0, height: 0.5 }).success).toBe(false);
    expect(ScanAreaSchema.safeParse({ x: -0.1, y: 0, width: 0.5, height: 0.5 }).success).toBe(
      false,
    );
  });
});
