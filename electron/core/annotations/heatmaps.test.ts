/**
 * Heatmaps: PNG and JSON grids in, greyscale-and-alpha PNG out, precise refusals, and the
 * contract calls on a real workstation with fake slides (1000 × 800 px).
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Method } from '../../common/contract';
import { dispatch } from '../../common/rpc';
import { fakeLibrary, fakeWorkstation } from '../testing/fakeWorkstation';
import { extentProblem, gridFromPng, gridFromValues } from './heatmaps';

type Ws = Awaited<ReturnType<typeof fakeWorkstation>>;
const open: Ws[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((ws) => ws.close()));
});

async function png(
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  pixels: number[],
  options: { sixteenBit?: boolean } = {},
): Promise<string> {
  let image = sharp(Buffer.from(pixels), { raw: { width, height, channels } });
  if (channels <= 2) image = image.toColourspace(options.sixteenBit ? 'grey16' : 'b-w');
  else if (options.sixteenBit) image = image.toColourspace('rgb16');
  return (await image.png().toBuffer()).toString('base64');
}

/** Grey and alpha of a stored heatmap, cell by cell. */
async function cells(base64: string): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(base64, 'base64'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out: number[] = [];
  for (let i = 0; i < data.length; i += info.channels)
    out.push(data[i]!, data[i + info.channels - 1]!);
  return out;
}

describe('heatmap grids', () => {
  it('reads grey PNGs, 8 or 16 bits, with or without alpha (alpha 0: no value)', async () => {
    const grey = await gridFromPng(await png(3, 1, 1, [0, 128, 255]));
    expect([...grey.data]).toEqual([0, 255, 128, 255, 255, 255]);
    const deep = await gridFromPng(await png(3, 1, 1, [0, 64, 255], { sixteenBit: true }));
    expect([...deep.data]).toEqual([0, 255, 64, 255, 255, 255]);
    const masked = await gridFromPng(await png(2, 1, 2, [200, 0, 100, 77]));
    expect([...masked.data]).toEqual([200, 0, 100, 255]);
    // RGB whose channels are equal is grey too.
    const rgb = await gridFromPng(await png(2, 1, 3, [9, 9, 9, 250, 250, 250]));
    expect({ width: rgb.width, height: rgb.height, data: [...rgb.data] }).toEqual({
      width: 2,
      height: 1,
      data: [9, 255, 250, 255],
    });
  });

  it('refuses colour pictures, oversized grids and what is not a PNG, saying why', async () => {
    await expect(
      gridFromPng(await png(2, 2, 3, [1, 1, 1, 2, 2, 2, 3, 3, 3, 255, 0, 0])),
    ).rejects.toThrow(/in colour \(pixel 1, 1\).*grey levels/);
    await expect(
      gridFromPng(await png(1025, 1, 1, new Array<number>(1025).fill(0))),
    ).rejects.toThrow(/1025 × 1 pixels; a heatmap has at most 1024 × 1024 cells/);
    const jpeg = (
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#888' } })
        .jpeg()
        .toBuffer()
    ).toString('base64');
    await expect(gridFromPng(jpeg)).rejects.toThrow('not a PNG');
    await expect(gridFromPng('%%%')).rejects.toThrow('base64');
    const truncated = (await png(64, 64, 1, new Array<number>(4096).fill(7))).slice(0, 80);
    await expect(gridFromPng(truncated)).rejects.toThrow(/cannot be read/);
  });

  it('turns JSON probabilities into grey levels, null into no value', () => {
    const grid = gridFromValues({ width: 2, height: 2, values: [0, 0.5, 1, null] });
    expect([...grid.data]).toEqual([0, 255, 128, 255, 255, 255, 0, 0]);
    expect(() => gridFromValues({ width: 2, height: 2, values: [0, 1] })).toThrow(
      '2 values for 2 × 2 cells',
    );
  });

  it('places the grid on the slide, allowing a partial last patch', () => {
    const slide = { width: 1000, height: 800 };
    const cells = { width: 10, height: 8 };
    expect(extentProblem({ x: 0, y: 0, width: 1000, height: 800 }, cells, slide)).toBeNull();
    // Patches of 128 px: 8 of them cover 1024 > 1000, less than one patch over.
    expect(
      extentProblem({ x: 0, y: 0, width: 1024, height: 800 }, { width: 8, height: 8 }, slide),
    ).toBeNull();
    expect(extentProblem({ x: 0, y: 0, width: 1200, height: 800 }, cells, slide)).toMatch(
      /passes the slide's edge/,
    );
    expect(extentProblem({ x: -5, y: 0, width: 100, height: 100 }, cells, slide)).toMatch(
      /off the slide/,
    );
    expect(extentProblem({ x: 0, y: 800, width: 100, height: 100 }, cells, slide)).toMatch(
      /off the slide/,
    );
  });
});

describe('heatmap calls', () => {
  async function setUp() {
    const ws = await fakeWorkstation({ libraryFolders: [fakeLibrary()] });
    open.push(ws);
    const [c] = await ws.handlers.listCases({});
    const slideId = await ws.findSlide(c!.accession, 1);
    const call = (method: Method, args: unknown) => dispatch(ws.handlers, method, args);
    return { ws, slideId, call };
  }

  it('imports a PNG and a JSON grid, lists and deletes them', async () => {
    const { slideId, call } = await setUp();
    const extent = { x: 0, y: 0, width: 1000, height: 800 };
    const fromPng = await call('importHeatmap', {
      slideId,
      name: 'Tumour probability',
      extent,
      png: await png(4, 2, 1, [0, 50, 100, 150, 200, 250, 255, 0]),
    });
    expect(fromPng).toMatchObject({
      ok: true,
      value: {
        slideId,
        name: 'Tumour probability',
        extent,
        gridWidth: 4,
        gridHeight: 2,
        author: 'local user',
      },
    });
    const fromJson = await call('importHeatmap', {
      slideId,
      name: 'Mitotic density',
      extent: { x: 100, y: 100, width: 500, height: 500 },
      grid: { width: 2, height: 1, values: [0.25, null] },
    });
    expect(fromJson.ok).toBe(true);
    const listed = await call('listHeatmaps', { slideId });
    if (!listed.ok) throw new Error(listed.error.message);
    const list = listed.value as { id: string; name: string; png: string }[];
    expect(list.map((h) => h.name)).toEqual(['Tumour probability', 'Mitotic density']);
    expect(await cells(list[0]!.png)).toEqual([
      0, 255, 50, 255, 100, 255, 150, 255, 200, 255, 250, 255, 255, 255, 0, 255,
    ]);
    expect(await cells(list[1]!.png)).toEqual([64, 255, 0, 0]);

    expect(await call('deleteHeatmap', { id: list[0]!.id })).toEqual({ ok: true, value: {} });
    const after = await call('listHeatmaps', { slideId });
    expect(after.ok && (after.value as unknown[]).length).toBe(1);
    expect(await call('deleteHeatmap', { id: list[0]!.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses bad input with a message that says what to fix', async () => {
    const { slideId, call } = await setUp();
    const extent = { x: 0, y: 0, width: 1000, height: 800 };
    const grid = { width: 2, height: 1, values: [0.5, 0.5] };
    const refusal = async (args: unknown) => {
      const r = await call('importHeatmap', args);
      if (r.ok) throw new Error('accepted');
      return `${r.error.code}: ${r.error.message}`;
    };
    expect(await refusal({ slideId, name: 'h', extent, grid, png: 'AAAA' })).toMatch(
      /invalid_argument: .*either as png \(base64\) or as grid/,
    );
    expect(await refusal({ slideId, name: 'h', extent })).toMatch(/either as png/);
    expect(
      await refusal({
        slideId,
        name: 'h',
        extent,
        grid: { width: 2, height: 1, values: [0.5, 1.5] },
      }),
    ).toMatch(/value 1 must be a probability from 0 to 1/);
    expect(
      await refusal({
        slideId,
        name: 'h',
        extent,
        grid: { width: 2, height: 2, values: [0.5, 1] },
      }),
    ).toMatch(/values must hold width × height numbers/);
    expect(
      await refusal({ slideId, name: 'h', extent, grid: { width: 2000, height: 1, values: [] } }),
    ).toMatch(/grid.width/);
    expect(await refusal({ slideId, name: 'h', extent: { ...extent, width: 5000 }, grid })).toMatch(
      /passes the slide's edge/,
    );
    expect(await refusal({ slideId, name: ' ', extent, grid })).toMatch(/name/);
    expect(await refusal({ slideId: 'nope', name: 'h', extent, grid })).toMatch(/not_found/);
  });
});
