import { describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_SIDE, snapshotBar, snapshotSize } from './snapshot';

describe('snapshotBar', () => {
  it('is as long in the image as the length it names at this zoom', () => {
    // 10× = 1 µm per CSS pixel; a 1000 CSS px view copied at 2 image px per CSS px.
    const bar = snapshotBar(10, 1000, 2000, 'en')!;
    // At most a quarter of the image: 500 image px = 250 CSS px = 250 µm → 200 µm.
    expect(bar.lengthMicrons).toBe(200);
    expect(bar.px).toBeCloseTo(400, 6);
    expect(bar.label).toBe('200 µm');
  });

  it('follows the zoom: at 40× the same bar is 4× shorter in µm', () => {
    const at10 = snapshotBar(10, 1000, 1000, 'fr')!;
    const at40 = snapshotBar(40, 1000, 1000, 'fr')!;
    expect(at10.px / at10.lengthMicrons).toBeCloseTo(1, 6);
    expect(at40.px / at40.lengthMicrons).toBeCloseTo(4, 6);
    expect(snapshotBar(1.25, 1000, 1000, 'fr')!.label).toBe('2 mm');
  });

  it('has no bar when the pixel size is unknown', () => {
    expect(snapshotBar(null, 1000, 1000, 'en')).toBeNull();
  });
});

describe('snapshotSize', () => {
  it('keeps the view size up to the largest side, scaled down beyond', () => {
    expect(snapshotSize(1200, 800)).toEqual({ width: 1200, height: 800 });
    expect(snapshotSize(3200, 1800)).toEqual({ width: MAX_SNAPSHOT_SIDE, height: 900 });
  });
});
