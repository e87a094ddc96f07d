import { describe, expect, it } from 'vitest';
import type { DicomJson } from './dicomJson';
import { overviewScanArea, slideImageGeometry } from './slideGeometry';
import { buildWsiPyramid } from './wsiMetadata';

const v = (vr: string, ...Value: Array<string | number | DicomJson>) => ({ vr, Value });

interface Spec {
  uid: string;
  flavor: 'VOLUME' | 'OVERVIEW';
  columns: number;
  rows: number;
  tile?: number;
  /** X / Y Offset in Slide Coordinate System, mm (DS values are strings in DICOM JSON). */
  origin?: [string, string];
  orientation?: number[];
  /** Pixel Spacing: row spacing, then column spacing (mm). */
  spacing?: [number, number];
  /** Imaged Volume Width and Height (mm). */
  volume?: [number, number];
}

function image(s: Spec): DicomJson {
  const tile = s.tile ?? s.columns;
  const ds: DicomJson = {
    '00080008': v('CS', 'ORIGINAL', 'PRIMARY', s.flavor, 'NONE'),
    '00080016': v('UI', '1.2.840.10008.5.1.4.1.1.77.1.6'),
    '00080018': v('UI', s.uid),
    '0020000D': v('UI', '1.2.3'),
    '0020000E': v('UI', '1.2.3.4'),
    '00280008': v('IS', Math.ceil(s.columns / tile) * Math.ceil(s.rows / tile)),
    '00280010': v('US', tile),
    '00280011': v('US', tile),
    '00480006': v('UL', s.columns),
    '00480007': v('UL', s.rows),
  };
  if (s.origin)
    ds['00480008'] = v('SQ', {
      '0040072A': v('DS', s.origin[0]),
      '0040073A': v('DS', s.origin[1]),
    });
  if (s.orientation) ds['00480102'] = v('DS', ...s.orientation);
  if (s.spacing)
    ds['52009229'] = v('SQ', { '00289110': v('SQ', { '00280030': v('DS', ...s.spacing) }) });
  if (s.volume) {
    ds['00480001'] = v('FL', s.volume[0]);
    ds['00480002'] = v('FL', s.volume[1]);
  }
  return ds;
}

/** A 75 × 25 mm glass photographed at 20 px/mm, first pixel at the slide origin. */
const overview = image({
  uid: 'OV',
  flavor: 'OVERVIEW',
  columns: 1500,
  rows: 500,
  origin: ['0', '0'],
  orientation: [1, 0, 0, 0, 1, 0],
  spacing: [0.05, 0.05],
});
/** 40 × 20 mm at 1 µm/px from (20, 5) mm, as 2048-pixel tiles would hold it. */
const volume = image({
  uid: 'L0',
  flavor: 'VOLUME',
  columns: 40_000,
  rows: 20_000,
  tile: 2048,
  origin: ['20.0', '5.0'],
  orientation: [1, 0, 0, 0, 1, 0],
  spacing: [0.001, 0.001],
});

describe('slideImageGeometry', () => {
  it('reads the origin, the orientation and Pixel Spacing (row spacing first)', () => {
    const g = slideImageGeometry(
      image({
        uid: 'X',
        flavor: 'VOLUME',
        columns: 1000,
        rows: 500,
        origin: ['12.5', '3.25'],
        orientation: [0, -1, 0, -1, 0, 0],
        spacing: [0.0005, 0.00025],
      }),
    );
    expect(g).toEqual({
      columns: 1000,
      rows: 500,
      origin: { x: 12.5, y: 3.25 },
      orientation: [0, -1, 0, -1, 0, 0],
      spacing: { row: 0.0005, column: 0.00025 },
    });
  });

  it('takes the scale from Imaged Volume Width and Height when Pixel Spacing is absent', () => {
    const g = slideImageGeometry(
      image({
        uid: 'X',
        flavor: 'OVERVIEW',
        columns: 1500,
        rows: 500,
        origin: ['0', '0'],
        volume: [75, 25],
      }),
    );
    expect(g?.spacing).toEqual({ row: 0.05, column: 0.05 });
    // No Image Orientation (Slide): rows along X, columns along Y.
    expect(g?.orientation).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('is null without an origin or a scale', () => {
    expect(
      slideImageGeometry(
        image({ uid: 'X', flavor: 'OVERVIEW', columns: 10, rows: 10, spacing: [1, 1] }),
      ),
    ).toBeNull();
    expect(
      slideImageGeometry(
        image({ uid: 'X', flavor: 'OVERVIEW', columns: 10, rows: 10, origin: ['0', '0'] }),
      ),
    ).toBeNull();
  });
});

describe('the scanned area of a DICOM slide', () => {
  it('places the VOLUME on the OVERVIEW', () => {
    expect(overviewScanArea(overview, volume)).toEqual({
      x: 0.2667,
      y: 0.2,
      width: 0.5333,
      height: 0.8,
    });
  });

  it('is in the slide metadata when the series has an overview placed on the glass', () => {
    const p = buildWsiPyramid([volume, overview]);
    expect(p.metadata.associated).toContain('macro');
    expect(p.metadata.scanArea).toEqual({ x: 0.2667, y: 0.2, width: 0.5333, height: 0.8 });
  });

  it('is absent when the overview does not say where it lies, or there is no overview', () => {
    const unplaced = image({ uid: 'OV', flavor: 'OVERVIEW', columns: 1500, rows: 500 });
    expect(buildWsiPyramid([volume, unplaced]).metadata.scanArea).toBeUndefined();
    expect(buildWsiPyramid([volume]).metadata.scanArea).toBeUndefined();
  });
});
