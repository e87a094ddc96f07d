import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CaseManifestSchema } from '../library/caseManifest';
import { demoCases } from './demoCatalogue';
import { caseManifest } from './demoLibrary';
import { OVERVIEW_STEP } from './demoSlides';
import { LABEL_SIZE, MACRO_SIZE, macroScanArea, macroTissueRect, renderMacro } from './labelImage';
import { TISSUE_SIZE } from './tissue/tissueTypes';
import { overviewSize } from './bigSlide/bigSlideFiles';

/** An opaque overview of one saturated colour, so that the tissue is found by its pixels. */
function solidOverview(width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([200, 30, 150, 255], i);
  return { data, width, height };
}

describe('the demo macro image', () => {
  it('draws the tissue exactly where the recorded scanned area says', async () => {
    const overview = solidOverview(512, 160);
    const label = Buffer.alloc(LABEL_SIZE.width * LABEL_SIZE.height * 3, 240);
    const jpeg = await renderMacro(label, overview);
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([MACRO_SIZE.width, MACRO_SIZE.height]);
    const magenta = (x: number, y: number) => {
      const o = (y * info.width + x) * info.channels;
      // Glass and label are grey; the tissue is far redder than it is green.
      return (data[o] ?? 0) - (data[o + 1] ?? 0) > 100;
    };
    const r = macroTissueRect(overview);
    const midY = Math.round(r.top + r.height / 2);
    const midX = Math.round(r.left + r.width / 2);
    // Three pixels in from each edge is tissue; three pixels out is glass.
    expect(magenta(r.left + 3, midY)).toBe(true);
    expect(magenta(r.left - 3, midY)).toBe(false);
    expect(magenta(r.left + r.width - 4, midY)).toBe(true);
    expect(magenta(r.left + r.width + 3, midY)).toBe(false);
    expect(magenta(midX, r.top + 3)).toBe(true);
    expect(magenta(midX, r.top - 3)).toBe(false);
    expect(magenta(midX, r.top + r.height - 4)).toBe(true);
    expect(magenta(midX, r.top + r.height + 3)).toBe(false);

    const area = macroScanArea(overview);
    expect(area.x * MACRO_SIZE.width).toBeCloseTo(r.left, 0);
    expect(area.y * MACRO_SIZE.height).toBeCloseTo(r.top, 0);
    expect(area.width * MACRO_SIZE.width).toBeCloseTo(r.width, 0);
    expect(area.height * MACRO_SIZE.height).toBeCloseTo(r.height, 0);
  });

  it('keeps the tissue on the clear glass, right of the label end', () => {
    for (const { width, height } of Object.values(TISSUE_SIZE)) {
      const a = macroScanArea({ width: width / OVERVIEW_STEP, height: height / OVERVIEW_STEP });
      expect(a.x).toBeGreaterThan(0.27);
      expect(a.x + a.width).toBeLessThanOrEqual(1);
      expect(a.y + a.height).toBeLessThanOrEqual(1);
    }
  });

  it("records every demo slide's scanned area in case.json, from its block's tissue", () => {
    for (const c of demoCases(2026)) {
      const manifest = CaseManifestSchema.parse(
        JSON.parse(JSON.stringify(caseManifest(c, new Date('2026-12-03T08:00:00Z')))),
      );
      for (const s of manifest.slides ?? []) {
        // A real-size slide's macro is drawn from its coarsest level.
        const big = c.bigBlocks?.[s.block ?? ''];
        if (big) {
          expect(s.scanArea).toEqual(macroScanArea(overviewSize(big)));
          continue;
        }
        const kind = c.blocks[s.block ?? ''];
        expect(kind).toBeDefined();
        const size = TISSUE_SIZE[kind ?? 'gastric'];
        expect(s.scanArea).toEqual(
          macroScanArea({ width: size.width / OVERVIEW_STEP, height: size.height / OVERVIEW_STEP }),
        );
      }
    }
  });
});
