/**
 * Issue 10 (point 5) as DICOMweb metadata sees it: the same WSI code reads the archive's
 * JSON, so the sizes that made the file reader allocate gigabytes, accept 16 × 4294967295
 * pixels or throw "Invalid typed array length" must be 'corrupt' here too, and malformed
 * JSON (values that are not lists, strings for numbers) must never escape as a TypeError.
 */
import { describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from './dicomJson';
import { buildWsiPyramid, describeWsiInstance } from './wsiMetadata';

const v = (vr: string, ...Value: unknown[]) => ({ vr, Value }) as DicomJson[string];

function instance(over: DicomJson = {}): DicomJson {
  return {
    '00080016': v('UI', '1.2.840.10008.5.1.4.1.1.77.1.6'),
    '00080018': v('UI', '1.2.3.4.5'),
    '0020000E': v('UI', '1.2.3.4'),
    '00280008': v('IS', 4),
    '00280010': v('US', 256),
    '00280011': v('US', 256),
    '00480006': v('UL', 512),
    '00480007': v('UL', 512),
    ...over,
  };
}

function expectCorrupt(fn: () => unknown): void {
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, String(error)).toBeInstanceOf(WorkstationError);
  expect((error as WorkstationError).code).toBe('corrupt');
}

const size = (w: unknown, h: unknown): DicomJson => ({
  '00480006': v('UL', w),
  '00480007': v('UL', h),
});

describe('WSI metadata bounds', () => {
  it('refuses the sizes of the issue: 2,000,000², 16 × 4,294,967,295 and 5e6²', () => {
    const before = process.memoryUsage().arrayBuffers;
    expectCorrupt(() => buildWsiPyramid([instance(size(2_000_000, 2_000_000))]));
    expectCorrupt(() => buildWsiPyramid([instance(size(16, 4_294_967_295))]));
    expectCorrupt(() => buildWsiPyramid([instance(size(5e6, 5e6))]));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it('refuses zero, negative, fractional and non-numeric sizes, frame sizes and counts', () => {
    for (const bad of [0, -1, 0.5, 'abc', Infinity, null]) {
      expectCorrupt(() => describeWsiInstance(instance(size(bad, 512))));
      expectCorrupt(() => describeWsiInstance(instance({ '00280011': v('US', bad) })));
      expectCorrupt(() => describeWsiInstance(instance({ '00280008': v('IS', bad) })));
    }
    // Frames of 65,536 columns, or of more pixels than any image we hold in memory.
    expectCorrupt(() => describeWsiInstance(instance({ '00280011': v('US', 65536) })));
    expectCorrupt(() =>
      describeWsiInstance(instance({ '00280010': v('US', 8192), '00280011': v('US', 8192) })),
    );
    expectCorrupt(() => describeWsiInstance(instance({ '00280008': v('IS', 2 ** 31) })));
    // Within the side limit, but 1,048,576² in 16 px tiles is 4 billion tiles.
    expectCorrupt(() =>
      describeWsiInstance(
        instance({
          ...size(1 << 20, 1 << 20),
          '00280010': v('US', 16),
          '00280011': v('US', 16),
        }),
      ),
    );
  });

  it('refuses per-frame positions that are fractional or outside the matrix', () => {
    const at = (c: unknown, r: unknown): DicomJson =>
      instance({
        '00280008': v('IS', 1),
        '52009230': v('SQ', {
          '0048021A': v('SQ', { '0048021E': v('SL', c), '0048021F': v('SL', r) }),
        }),
      });
    expect(describeWsiInstance(at(257, 257)).framePositions).toEqual([
      { x: 256, y: 256, z: null, opticalPath: null },
    ]);
    for (const [c, r] of [
      [0, 1],
      [1, 513],
      [-255, 1],
      [1.5, 1],
      [4_294_967_295, 1],
    ]) {
      expectCorrupt(() => describeWsiInstance(at(c, r)));
    }
  });

  it('treats malformed JSON as absent values, never as a TypeError', () => {
    const odd: DicomJson = {
      ...instance(),
      '00080008': { vr: 'CS', Value: 'ORIGINAL' } as unknown as DicomJson[string],
      '52009229': 7 as unknown as DicomJson[string],
      '52009230': { vr: 'SQ', Value: { length: 3 } } as unknown as DicomJson[string],
      '00480105': { vr: 'SQ', Value: [null, [], 'x', 3] } as unknown as DicomJson[string],
    };
    const p = buildWsiPyramid([odd]);
    expect(p.metadata.levels).toHaveLength(1);
    expect(p.frameAt(0, 1, 1)).toEqual({ instanceUID: '1.2.3.4.5', frameNumber: 4 });
  });

  it('indexes a large TILED_FULL level without per-tile memory', () => {
    // 1,000,000 × 1,000,000 in 512 px tiles: 3.8 M tiles, one instance of all of them.
    const before = process.memoryUsage().arrayBuffers;
    const p = buildWsiPyramid([
      instance({
        ...size(1_000_000, 1_000_000),
        '00280008': v('IS', 1954 * 1954),
        '00280010': v('US', 512),
        '00280011': v('US', 512),
      }),
    ]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect(p.frameAt(0, 1953, 1953)).toEqual({
      instanceUID: '1.2.3.4.5',
      frameNumber: 1954 * 1954,
    });
  });
});
