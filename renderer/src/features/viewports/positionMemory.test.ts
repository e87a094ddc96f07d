import { afterEach, describe, expect, it } from 'vitest';
import {
  forgetViews,
  openingView,
  recallView,
  rememberView,
  syncedOpening,
} from './positionMemory';

const he = { slideId: 'he', block: 'A1', mpp: 0.25 };
const ki67 = { slideId: 'ki67', block: 'A1', mpp: 0.5 };
const other = { slideId: 'b2', block: 'B2', mpp: 0.25 };
const view = { x: 4000, y: 2000, zoom: 0.5, rotation: 90 };

afterEach(forgetViews);

describe('position memory', () => {
  it('opens a slide never seen, in a fresh viewport, whole', () => {
    expect(openingView(he, null, null)).toEqual({ kind: 'home' });
  });

  it('returns to where a slide was left', () => {
    rememberView('he', view);
    expect(recallView('he')).toEqual(view);
    expect(openingView(he, { slide: other, view: { ...view, x: 1 } }, recallView('he'))).toEqual({
      kind: 'view',
      view,
    });
    expect(recallView('unknown')).toBeNull();
  });

  it('keeps the physical place and magnification for the next serial section', () => {
    // 4000 px at 0.25 µm = 1000 µm = 2000 px at 0.5 µm; the same screen pixels per µm.
    expect(openingView(ki67, { slide: he, view }, null)).toEqual({
      kind: 'view',
      view: { x: 2000, y: 1000, zoom: 1, rotation: 90 },
    });
  });

  it('keeps only the magnification for a slide of another block', () => {
    expect(openingView(other, { slide: he, view }, null)).toEqual({
      kind: 'zoom',
      zoom: 0.5,
      rotation: 90,
    });
    // Blocks unknown: not taken for serial sections.
    expect(
      openingView({ ...ki67, block: null }, { slide: { ...he, block: null }, view }, null).kind,
    ).toBe('zoom');
  });
});

describe('a slide opening beside the active one in sync', () => {
  it('opens where the active viewport is, in micrometres', () => {
    expect(syncedOpening(view, 0.25, 0.5)).toEqual({
      kind: 'view',
      view: { x: 2000, y: 1000, zoom: 1, rotation: 90 },
    });
  });
});
