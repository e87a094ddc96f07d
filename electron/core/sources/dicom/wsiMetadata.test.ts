import { describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from './dicomJson';
import { isoDate, isoDateTime, num, personName, str } from './dicomJson';
import { buildWsiPyramid, describeWsiInstance, trimJpegPadding } from './wsiMetadata';

const v = (vr: string, ...Value: Array<string | number | DicomJson>) => ({ vr, Value });

interface InstanceSpec {
  uid: string;
  width: number;
  height: number;
  tile?: number;
  frames: number;
  flavor?: string;
  /** 1-based (col, row) pixel positions per frame, for TILED_SPARSE. */
  positions?: Array<[number, number, number?, string?]>;
  organization?: 'TILED_FULL' | 'TILED_SPARSE';
  concatenation?: { uid: string; number: number; offset?: number };
  opticalPath?: string;
  spacingMm?: [number, number];
  objective?: number;
}

function instance(s: InstanceSpec): DicomJson {
  const tile = s.tile ?? 256;
  const ds: DicomJson = {
    '00080016': v('UI', '1.2.840.10008.5.1.4.1.1.77.1.6'),
    '00080018': v('UI', s.uid),
    '0020000D': v('UI', '1.2.3'),
    '0020000E': v('UI', '1.2.3.4'),
    '00280008': v('IS', s.frames),
    '00280010': v('US', tile),
    '00280011': v('US', tile),
    '00480006': v('UL', s.width),
    '00480007': v('UL', s.height),
  };
  if (s.flavor !== undefined) ds['00080008'] = v('CS', 'ORIGINAL', 'PRIMARY', s.flavor, 'NONE');
  if (s.organization !== undefined) ds['00209311'] = v('CS', s.organization);
  if (s.concatenation !== undefined) {
    ds['00209161'] = v('UI', s.concatenation.uid);
    ds['00209162'] = v('US', s.concatenation.number);
    if (s.concatenation.offset !== undefined) ds['00209228'] = v('UL', s.concatenation.offset);
  }
  const shared: DicomJson = {};
  if (s.spacingMm !== undefined)
    shared['00289110'] = v('SQ', { '00280030': v('DS', ...s.spacingMm) });
  if (s.opticalPath !== undefined)
    shared['00480207'] = v('SQ', { '00480106': v('SH', s.opticalPath) });
  ds['52009229'] = v('SQ', shared);
  if (s.objective !== undefined) ds['00480105'] = v('SQ', { '00480112': v('DS', s.objective) });
  if (s.positions !== undefined) {
    ds['52009230'] = v(
      'SQ',
      ...s.positions.map(([c, r, z, path]) => {
        const item: DicomJson = {
          '0048021A': v('SQ', {
            '0048021E': v('SL', c),
            '0048021F': v('SL', r),
            ...(z === undefined ? {} : { '0040074A': v('DS', z) }),
          }),
        };
        if (path !== undefined) item['00480207'] = v('SQ', { '00480106': v('SH', path) });
        return item;
      }),
    );
  }
  return ds;
}

describe('DICOM JSON helpers', () => {
  it('reads person names, dates and date-times', () => {
    expect(personName('DOE^JANE^M^DR^')).toBe('DR DOE JANE M');
    expect(personName('DOE^JANE=ドウ^ジェーン')).toBe('DOE JANE');
    expect(personName(null)).toBe('');
    expect(isoDate('19700131')).toBe('1970-01-31');
    expect(isoDate('1970.01.31')).toBe('1970-01-31');
    expect(isoDate('19701331')).toBeNull();
    expect(isoDate('')).toBeNull();
    expect(isoDateTime('20240502', '143005.123')).toBe('2024-05-02T14:30:05');
    expect(isoDateTime('20240502', '1430')).toBe('2024-05-02T14:30:00');
    expect(isoDateTime('20240502', null, '+0200')).toBe('2024-05-02T00:00:00+02:00');
    expect(isoDateTime(null, '1430')).toBeNull();
  });

  it('reads tags whatever the case of their hex digits, and DS strings as numbers', () => {
    const ds: DicomJson = { '0020000d': v('UI', '1.2'), '00280030': v('DS', '0.00025', 0.0005) };
    expect(str(ds, '0020000D')).toBe('1.2');
    expect(num(ds, '00280030', 0)).toBe(0.00025);
    expect(num(ds, '00280030', 1)).toBe(0.0005);
  });
});

describe('describeWsiInstance', () => {
  it('converts pixel spacing (mm, rows then columns) to microns x, y', () => {
    const i = describeWsiInstance(
      instance({ uid: '1', width: 1000, height: 800, frames: 16, spacingMm: [0.0005, 0.00025] }),
    );
    expect(i.mpp?.x).toBeCloseTo(0.25, 9);
    expect(i.mpp?.y).toBeCloseTo(0.5, 9);
    expect(i.kind).toBe('volume');
  });

  it('refuses an instance without UID or frame size', () => {
    expect(() => describeWsiInstance({ '00480006': v('UL', 10) })).toThrow(WorkstationError);
  });
});

describe('buildWsiPyramid', () => {
  it('orders levels, computes downsamples and maps TILED_FULL frames row-major', () => {
    const p = buildWsiPyramid([
      instance({ uid: 'L1', width: 500, height: 300, frames: 4, organization: 'TILED_FULL' }),
      instance({
        uid: 'L0',
        width: 1000,
        height: 600,
        frames: 12,
        organization: 'TILED_FULL',
        spacingMm: [0.00025, 0.00025],
        objective: 20,
      }),
    ]);
    expect(p.metadata.format).toBe('dicom');
    expect(p.metadata.width).toBe(1000);
    expect(p.metadata.levels.map((l) => [l.width, l.height, l.downsample])).toEqual([
      [1000, 600, 1],
      [500, 300, 2],
    ]);
    expect(p.metadata.mpp).toEqual({ x: 0.25, y: 0.25 });
    expect(p.metadata.objectivePower).toBe(20);
    // 1000 px / 256 = 4 columns, 600 / 256 = 3 rows.
    expect(p.frameAt(0, 0, 0)).toEqual({ instanceUID: 'L0', frameNumber: 1 });
    expect(p.frameAt(0, 3, 0)).toEqual({ instanceUID: 'L0', frameNumber: 4 });
    expect(p.frameAt(0, 1, 2)).toEqual({ instanceUID: 'L0', frameNumber: 10 });
    expect(p.frameAt(1, 1, 1)).toEqual({ instanceUID: 'L1', frameNumber: 4 });
    expect(() => p.frameAt(0, 4, 0)).toThrow(
      expect.objectContaining({ code: 'not_found' }) as Error,
    );
    expect(() => p.frameAt(2, 0, 0)).toThrow(
      expect.objectContaining({ code: 'not_found' }) as Error,
    );
  });

  it('counts TILED_FULL frames across a concatenation, with or without stated offsets', () => {
    for (const withOffsets of [true, false]) {
      // 4 x 3 = 12 tiles in three instances of 5, 5 and 2 frames, listed out of order.
      const part = (n: number, frames: number, offset: number) =>
        instance({
          uid: `C${n}`,
          width: 1000,
          height: 600,
          frames,
          organization: 'TILED_FULL',
          concatenation: { uid: '9.9', number: n, ...(withOffsets ? { offset } : {}) },
        });
      const p = buildWsiPyramid([part(3, 2, 10), part(1, 5, 0), part(2, 5, 5)]);
      expect(p.frameAt(0, 0, 0)).toEqual({ instanceUID: 'C1', frameNumber: 1 });
      expect(p.frameAt(0, 0, 1)).toEqual({ instanceUID: 'C1', frameNumber: 5 });
      expect(p.frameAt(0, 1, 1)).toEqual({ instanceUID: 'C2', frameNumber: 1 });
      expect(p.frameAt(0, 2, 2)).toEqual({ instanceUID: 'C3', frameNumber: 1 });
      expect(p.frameAt(0, 3, 2)).toEqual({ instanceUID: 'C3', frameNumber: 2 });
    }
  });

  it('shows the first focal plane and the first optical path of TILED_FULL levels', () => {
    const p = buildWsiPyramid([
      // Two focal planes in one instance: frames 5-8 are the second plane.
      instance({
        uid: 'Z',
        width: 512,
        height: 512,
        frames: 8,
        organization: 'TILED_FULL',
        opticalPath: '1',
      }),
      // The same level for a second optical path, in its own instance.
      instance({
        uid: 'P2',
        width: 512,
        height: 512,
        frames: 4,
        organization: 'TILED_FULL',
        opticalPath: '2',
      }),
    ]);
    expect(p.metadata.levels).toHaveLength(1);
    expect(p.frameAt(0, 1, 1)).toEqual({ instanceUID: 'Z', frameNumber: 4 });
  });

  it('maps TILED_SPARSE frames by position and leaves gaps empty', () => {
    const p = buildWsiPyramid([
      instance({
        uid: 'S',
        width: 1000,
        height: 600,
        frames: 3,
        organization: 'TILED_SPARSE',
        // Out of order; (3,1) and others missing: glass with no tissue was not scanned.
        positions: [
          [513, 257],
          [1, 1],
          [769, 513],
        ],
      }),
    ]);
    expect(p.frameAt(0, 2, 1)).toEqual({ instanceUID: 'S', frameNumber: 1 });
    expect(p.frameAt(0, 0, 0)).toEqual({ instanceUID: 'S', frameNumber: 2 });
    expect(p.frameAt(0, 3, 2)).toEqual({ instanceUID: 'S', frameNumber: 3 });
    expect(p.frameAt(0, 1, 0)).toBeNull();
  });

  it('uses per-frame positions even without DimensionOrganizationType, over several instances', () => {
    // How OrthancWSIDicomizer writes a level split by --max-size.
    const p = buildWsiPyramid([
      instance({
        uid: 'B',
        width: 512,
        height: 256,
        frames: 1,
        positions: [[257, 1]],
        concatenation: { uid: 'c', number: 2 },
      }),
      instance({
        uid: 'A',
        width: 512,
        height: 256,
        frames: 1,
        positions: [[1, 1]],
        concatenation: { uid: 'c', number: 1 },
      }),
    ]);
    expect(p.frameAt(0, 0, 0)).toEqual({ instanceUID: 'A', frameNumber: 1 });
    expect(p.frameAt(0, 1, 0)).toEqual({ instanceUID: 'B', frameNumber: 1 });
  });

  it('keeps the first focal plane and optical path of TILED_SPARSE frames', () => {
    const p = buildWsiPyramid([
      instance({
        uid: 'S',
        width: 512,
        height: 256,
        frames: 4,
        organization: 'TILED_SPARSE',
        positions: [
          [1, 1, 0, '1'],
          [1, 1, 0.5, '1'], // another focal plane
          [257, 1, 0, '2'], // another optical path
          [257, 1, 0, '1'],
        ],
      }),
    ]);
    expect(p.frameAt(0, 0, 0)).toEqual({ instanceUID: 'S', frameNumber: 1 });
    expect(p.frameAt(0, 1, 0)).toEqual({ instanceUID: 'S', frameNumber: 4 });
  });

  it('finds label, overview and thumbnail by ImageType, outside the levels', () => {
    const p = buildWsiPyramid([
      instance({ uid: 'L0', width: 1024, height: 512, frames: 8, organization: 'TILED_FULL' }),
      instance({ uid: 'L1', width: 512, height: 256, frames: 2, organization: 'TILED_FULL' }),
      instance({ uid: 'LAB', width: 300, height: 200, tile: 300, frames: 1, flavor: 'LABEL' }),
      instance({ uid: 'OV', width: 900, height: 300, tile: 300, frames: 3, flavor: 'OVERVIEW' }),
      instance({ uid: 'TH', width: 200, height: 100, tile: 200, frames: 1, flavor: 'THUMBNAIL' }),
    ]);
    expect(p.metadata.levels).toHaveLength(2);
    expect(p.metadata.associated).toEqual(['label', 'macro', 'thumbnail']);
    expect(p.associated.label).toMatchObject({ instanceUID: 'LAB', singleFrame: true, width: 300 });
    expect(p.associated.macro).toMatchObject({ instanceUID: 'OV', singleFrame: false });
    expect(p.associated.thumbnail).toMatchObject({ instanceUID: 'TH', singleFrame: true });
  });

  it('uses a one-tile smallest level as thumbnail when there is none', () => {
    const p = buildWsiPyramid([
      instance({ uid: 'L0', width: 1024, height: 512, frames: 8, organization: 'TILED_FULL' }),
      instance({ uid: 'L2', width: 256, height: 128, frames: 1, organization: 'TILED_FULL' }),
    ]);
    expect(p.associated.thumbnail).toMatchObject({
      instanceUID: 'L2',
      frameNumber: 1,
      width: 256,
      height: 128,
    });
    const noThumb = buildWsiPyramid([
      instance({ uid: 'L0', width: 1024, height: 512, frames: 8, organization: 'TILED_FULL' }),
    ]);
    expect(noThumb.metadata.associated).toEqual([]);
  });

  it('refuses a series with no pyramid level', () => {
    expect(() =>
      buildWsiPyramid([
        instance({ uid: 'LAB', width: 300, height: 200, frames: 1, flavor: 'LABEL' }),
      ]),
    ).toThrow(expect.objectContaining({ code: 'corrupt' }) as Error);
  });
});

describe('trimJpegPadding', () => {
  it('drops the zero after EOI, and only there', () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 1, 2, 0xff, 0xd9]);
    expect(trimJpegPadding(Uint8Array.from([...jpeg, 0]))).toEqual(jpeg);
    expect(trimJpegPadding(jpeg)).toBe(jpeg);
    const zeroInside = Uint8Array.from([0xff, 0xd8, 1, 0, 0]);
    expect(trimJpegPadding(zeroInside)).toBe(zeroInside);
  });
});
