import { describe, expect, it } from 'vitest';
import type { SlideSummary } from '../../../../electron/common/contract';
import { arrangeSlots, cycleIndex, fillOrder, nextLayout, placeSlide } from './viewportLayout';

function slide(position: number, block: string | null, error = false): SlideSummary {
  return {
    id: `s${position}`,
    caseId: 'c',
    position,
    label: `L${position}`,
    stain: 'HE',
    stainKind: 'HE',
    error: error ? { code: 'corrupt', message: 'bad' } : null,
    associated: null,
    block,
  };
}

const slides = [
  slide(1, 'A1'),
  slide(2, 'A2'),
  slide(3, 'A1'),
  slide(4, 'A1', true),
  slide(5, 'A2'),
];
const ids = (xs: ({ slideId: string } | null)[]) => xs.map((s) => s?.slideId ?? null);

describe('viewport layout', () => {
  it('goes round 1, 2, 4 viewports and round the viewports', () => {
    expect([nextLayout(1), nextLayout(2), nextLayout(4)]).toEqual([2, 4, 1]);
    expect([cycleIndex(0, 4), cycleIndex(3, 4), cycleIndex(0, 4, -1), cycleIndex(0, 1)]).toEqual([
      1, 0, 3, 0,
    ]);
  });

  it('fills new viewports with serial sections first, then the slides that follow, never an unreadable one', () => {
    expect(fillOrder(slides, new Set(['s1']), 's1').map((s) => s.id)).toEqual(['s3', 's2', 's5']);
    expect(fillOrder(slides, new Set(['s2']), 's2').map((s) => s.id)).toEqual(['s5', 's3', 's1']);
  });

  it('arranges 2 and 4 viewports around the slide of the address', () => {
    const two = arrangeSlots({
      count: 2,
      slots: [],
      active: 0,
      activeSlideId: 's1',
      caseId: 'c',
      slides,
    });
    expect(ids(two.slots)).toEqual(['s1', 's3']);
    expect(two.active).toBe(0);
    const four = arrangeSlots({
      count: 4,
      slots: two.slots,
      active: 0,
      activeSlideId: 's1',
      caseId: 'c',
      slides,
    });
    expect(ids(four.slots)).toEqual(['s1', 's3', 's2', 's5']);
    // Back to one viewport: the active one's slide stays.
    const one = arrangeSlots({
      count: 1,
      slots: four.slots,
      active: 3,
      activeSlideId: 's5',
      caseId: 'c',
      slides,
    });
    expect(ids(one.slots)).toEqual(['s5']);
    expect(one.active).toBe(0);
  });

  it('activates the viewport already showing a slide instead of showing it twice', () => {
    const r = arrangeSlots({
      count: 2,
      slots: [
        { slideId: 's1', caseId: 'c', prior: null },
        { slideId: 's3', caseId: 'c', prior: null },
      ],
      active: 0,
      activeSlideId: 's3',
      caseId: 'c',
      slides,
    });
    expect(ids(r.slots)).toEqual(['s1', 's3']);
    expect(r.active).toBe(1);
  });

  it('drops another case’s slides, keeps a prior of the same patient, leaves a viewport empty when slides run out', () => {
    const prior = { slideId: 'p1', caseId: 'prior', prior: { accession: 'P-1', date: null } };
    const r = arrangeSlots({
      count: 4,
      slots: [{ slideId: 'x', caseId: 'other', prior: null }, prior],
      active: 0,
      activeSlideId: 's1',
      caseId: 'c',
      slides: slides.slice(0, 2),
      priorCaseIds: new Set(['prior']),
    });
    expect(ids(r.slots)).toEqual(['s1', 'p1', 's2', null]);
    const dropped = arrangeSlots({
      count: 2,
      slots: [null, prior],
      active: 0,
      activeSlideId: 's1',
      caseId: 'c',
      slides: slides.slice(0, 1),
    });
    expect(ids(dropped.slots)).toEqual(['s1', null]);
  });

  it('puts a dropped slide in a viewport, swapping with where it was', () => {
    const slots = [
      { slideId: 's1', caseId: 'c', prior: null },
      { slideId: 's3', caseId: 'c', prior: null },
    ];
    expect(ids(placeSlide(slots, 0, { slideId: 's3', caseId: 'c', prior: null }))).toEqual([
      's3',
      's1',
    ]);
    expect(ids(placeSlide(slots, 1, { slideId: 's5', caseId: 'c', prior: null }))).toEqual([
      's1',
      's5',
    ]);
  });
});
