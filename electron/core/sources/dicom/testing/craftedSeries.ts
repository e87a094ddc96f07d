/**
 * Small hand-made WSI instances as writer elements, for tests that need to control every
 * attribute (hostile dimensions, frame counts, positions) without running a converter:
 * the regression tests of the reader's bounds and the DICOM fuzz test. Test-only code.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WriterElement } from './dicomWriter';
import { writeDicomFile } from './dicomWriter';
import { WSI_SOP_CLASS_UID } from '../wsiMetadata';

/** The smallest JPEG-shaped payload: SOI, EOI. Never decoded, only passed through. */
export const TINY_JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);

export interface CraftedInstance {
  studyUID: string;
  seriesUID: string;
  instanceUID: string;
  /** TotalPixelMatrixColumns / Rows. */
  width: number;
  height: number;
  /** Columns / Rows of a frame. */
  tile: number;
  frames: number;
  /** ImageType value 3; VOLUME when omitted. */
  flavor?: string;
  /** 1-based (column, row) pixel positions per frame: per-frame functional groups. */
  positions?: Array<[number, number]>;
  /** 0.00025 mm (0.25 µm) when omitted. */
  spacingMm?: number;
}

/** The attributes of a VL Whole Slide Microscopy instance, as the writer takes them. */
export function wsiElements(c: CraftedInstance): WriterElement[] {
  const spacing = String(c.spacingMm ?? 0.00025);
  const elements: WriterElement[] = [
    { tag: '00080008', vr: 'CS', value: `ORIGINAL\\PRIMARY\\${c.flavor ?? 'VOLUME'}\\NONE` },
    { tag: '00080016', vr: 'UI', value: WSI_SOP_CLASS_UID },
    { tag: '00080018', vr: 'UI', value: c.instanceUID },
    { tag: '00080060', vr: 'CS', value: 'SM' },
    { tag: '0020000D', vr: 'UI', value: c.studyUID },
    { tag: '0020000E', vr: 'UI', value: c.seriesUID },
    { tag: '00200013', vr: 'IS', value: '1' },
    {
      tag: '00209311',
      vr: 'CS',
      value: c.positions === undefined ? 'TILED_FULL' : 'TILED_SPARSE',
    },
    { tag: '00280002', vr: 'US', value: [3] },
    { tag: '00280004', vr: 'CS', value: 'YBR_FULL_422' },
    { tag: '00280008', vr: 'IS', value: String(c.frames) },
    { tag: '00280010', vr: 'US', value: [c.tile] },
    { tag: '00280011', vr: 'US', value: [c.tile] },
    { tag: '00480006', vr: 'UL', value: [c.width] },
    { tag: '00480007', vr: 'UL', value: [c.height] },
    {
      tag: '52009229',
      vr: 'SQ',
      value: [
        [
          {
            tag: '00289110',
            vr: 'SQ',
            value: [[{ tag: '00280030', vr: 'DS', value: `${spacing}\\${spacing}` }]],
          },
        ],
      ],
    },
  ];
  if (c.positions !== undefined) {
    elements.push({
      tag: '52009230',
      vr: 'SQ',
      value: c.positions.map(([col, row]) => [
        {
          tag: '0048021A',
          vr: 'SQ',
          value: [
            [
              { tag: '0048021E', vr: 'SL', value: [col] },
              { tag: '0048021F', vr: 'SL', value: [row] },
            ],
          ],
        },
      ]),
    });
  }
  return elements;
}

/** A Part 10 file of the instance, every frame the same tiny JPEG, with an offset table. */
export function craftedFile(c: CraftedInstance, frame: Uint8Array = TINY_JPEG): Buffer {
  const fragments = Array.from({ length: c.frames }, () => frame);
  const step = 8 + frame.length + (frame.length % 2);
  return writeDicomFile(wsiElements(c), {
    fragments,
    basicOffsetTable: fragments.map((_, i) => i * step),
  });
}

/** Writes the instances to `dir` as 0.dcm, 1.dcm...; returns the paths. */
export async function writeCraftedSeries(
  dir: string,
  instances: readonly CraftedInstance[],
): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, c] of instances.entries()) {
    const p = join(dir, `${i}.dcm`);
    await writeFile(p, craftedFile(c));
    paths.push(p);
  }
  return paths;
}
