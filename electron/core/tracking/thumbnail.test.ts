import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { SlideInfo } from '../../common/contract';
import { tissueMask } from '../../common/tracking/tissueMask';
import { slideThumbnail } from './thumbnail';

/** A PNG of `width` × `height`: pink tissue left of `split`, glass right of it. */
async function png(width: number, height: number, split: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      raw.set(x < split ? [220, 140, 190] : [245, 243, 246], (y * width + x) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

const info = (associated: SlideInfo['associated']): SlideInfo => ({
  slideId: 's1',
  format: 'aperio-svs',
  width: 4096,
  height: 1024,
  mpp: { x: 0.5, y: 0.5 },
  objectivePower: 20,
  levels: [
    { width: 4096, height: 1024, downsample: 1, tileWidth: 256, tileHeight: 256 },
    { width: 512, height: 128, downsample: 8, tileWidth: 256, tileHeight: 256 },
  ],
  associated,
});

describe('slide thumbnail for the tissue mask', () => {
  it('decodes the thumbnail when the slide has one', async () => {
    const bytes = await png(400, 100, 100);
    const pixels = await slideThumbnail(
      {
        info: () => Promise.resolve(info(['thumbnail'])),
        tile: () => Promise.reject(new Error('no tile wanted')),
        thumbnail: () => Promise.resolve({ bytes }),
      },
      's1',
    );
    expect(pixels && { w: pixels.width, h: pixels.height }).toEqual({ w: 400, h: 100 });
    const mask = tissueMask(pixels!, { cols: 8, rows: 2 });
    expect([...mask]).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('stitches the coarsest level without a thumbnail', async () => {
    const left = await png(256, 128, 256);
    const right = await png(256, 128, 0);
    const asked: string[] = [];
    const pixels = await slideThumbnail(
      {
        info: () => Promise.resolve(info(['label'])),
        tile: (_id, level, col, row) => {
          asked.push(`${level}/${col}/${row}`);
          return Promise.resolve({ bytes: col === 0 ? left : right });
        },
        thumbnail: () => Promise.reject(new Error('no thumbnail')),
      },
      's1',
    );
    expect(asked).toEqual(['1/0/0', '1/1/0']);
    expect(pixels && { w: pixels.width, h: pixels.height }).toEqual({ w: 512, h: 128 });
    expect([...tissueMask(pixels!, { cols: 4, rows: 1 })]).toEqual([1, 1, 0, 0]);
  });
});
