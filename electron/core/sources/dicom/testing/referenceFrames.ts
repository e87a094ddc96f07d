/**
 * The stored frames of DICOM files, read with dicom-parser's own API (not with our
 * adapter or frame index), as an independent reference for tests: what a tile must be.
 */
import { readFileSync } from 'node:fs';
import { dicomParser } from '../parserAdapter';

export interface ReferenceFrame {
  instanceUID: string;
  frameNumber: number;
  /** ImageType value 3 (VOLUME, LABEL...), '' when absent. */
  flavor: string;
  totalWidth: number;
  totalHeight: number;
  /** Tile column and row from the frame's position (per-frame functional groups). */
  col: number;
  row: number;
  /** The frame's bytes without the trailing padding byte. */
  bytes: Buffer;
}

function unpad(b: Buffer): Buffer {
  const n = b.length;
  return n >= 3 && b[n - 1] === 0 && b[n - 2] === 0xd9 && b[n - 3] === 0xff
    ? b.subarray(0, n - 1)
    : b;
}

export function referenceFrames(files: readonly string[]): ReferenceFrame[] {
  const out: ReferenceFrame[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const ds = dicomParser.parseDicom(bytes);
    const instanceUID = ds.string('x00080018') ?? '';
    const flavor = ds.string('x00080008', 2) ?? '';
    const totalWidth = ds.uint32('x00480006') ?? 0;
    const totalHeight = ds.uint32('x00480007') ?? 0;
    const tileWidth = ds.uint16('x00280011') ?? 1;
    const tileHeight = ds.uint16('x00280010') ?? 1;
    const frames = ds.intString('x00280008') ?? 1;
    const px = ds.elements['x7fe00010'];
    if (px === undefined) continue;
    const perFrame = ds.elements['x52009230']?.items ?? [];
    for (let i = 0; i < frames; i++) {
      const pos = perFrame[i]?.dataSet?.elements['x0048021a']?.items?.[0]?.dataSet;
      const x = (pos?.int32('x0048021e') ?? 1) - 1;
      const y = (pos?.int32('x0048021f') ?? 1) - 1;
      const frame = Buffer.from(dicomParser.readEncapsulatedImageFrame(ds, px, i));
      out.push({
        instanceUID,
        frameNumber: i + 1,
        flavor,
        totalWidth,
        totalHeight,
        col: Math.round(x / tileWidth),
        row: Math.round(y / tileHeight),
        bytes: unpad(frame),
      });
    }
  }
  return out;
}
