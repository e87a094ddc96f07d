import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../../../electron/common/contract';
import { createAppStore } from '../../state/store';
import { createFakeApi } from '../../testing/fakeApi';
import type { FakeApiOptions } from '../../testing/fakeApi';

function setup(options: FakeApiOptions = {}) {
  const fake = createFakeApi(options);
  return createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-US' });
}

async function onSlide(store: ReturnType<typeof setup>, caseId: string, slideId: string) {
  await store.getState().showCase(caseId);
  await store.getState().openSlide(slideId);
}

describe('viewports slice', () => {
  it('fills two viewports, swaps each one’s look when the active one changes, and follows the address', async () => {
    const store = setup();
    await onSlide(store, 'C-routine-old', 'C-routine-old-S1');
    store.getState().setViewportCount(2);
    let s = store.getState();
    expect(s.slots.map((x) => x?.slideId)).toEqual(['C-routine-old-S1', 'C-routine-old-S2']);
    // The active viewport is rotated; the other becomes active with its own (plain) look.
    s.rotateBy(90);
    await store.getState().loadSlotInfo('C-routine-old-S2');
    store.getState().activateViewport(1);
    s = store.getState();
    expect(s.activeViewport).toBe(1);
    expect(s.rotation).toBe(0);
    expect(s.slotLooks[0]?.rotation).toBe(90);
    expect(s.route).toEqual({
      name: 'slide',
      caseId: 'C-routine-old',
      slideId: 'C-routine-old-S2',
    });
    expect(s.slideInfo?.slideId).toBe('C-routine-old-S2');
    // Back to the first: its rotation comes back.
    store.getState().cycleViewport(1);
    expect(store.getState().activeViewport).toBe(0);
    expect(store.getState().rotation).toBe(90);
    // Opening a slide shown in the other viewport activates that viewport instead.
    await store.getState().openSlide('C-routine-old-S2');
    expect(store.getState().activeViewport).toBe(1);
    expect(store.getState().slots.map((x) => x?.slideId)).toEqual([
      'C-routine-old-S1',
      'C-routine-old-S2',
    ]);
  });

  it('lets a viewport go to a window of its own: two become one, on the slide that stays', async () => {
    const store = setup();
    await onSlide(store, 'C-routine-old', 'C-routine-old-S1');
    store.getState().setViewportCount(2);
    await store.getState().loadSlotInfo('C-routine-old-S2');
    // The active one goes: the other becomes active, then the only one.
    store.getState().removeViewport(0);
    const s = store.getState();
    expect(s.viewportCount).toBe(1);
    expect(s.slots.map((x) => x?.slideId)).toEqual(['C-routine-old-S2']);
    expect(s.route).toEqual({
      name: 'slide',
      caseId: 'C-routine-old',
      slideId: 'C-routine-old-S2',
    });
    // Of four, it stays empty.
    store.getState().setViewportCount(4);
    store.getState().removeViewport(3);
    expect(store.getState().slots[3]).toBeNull();
    expect(store.getState().viewportCount).toBe(4);
  });

  it('starts afresh on another case', async () => {
    const store = setup();
    await onSlide(store, 'C-routine-old', 'C-routine-old-S1');
    store.getState().setViewportCount(2);
    await onSlide(store, 'C-urgent', 'C-urgent-S1');
    expect(store.getState().slots.map((x) => x?.slideId)).toEqual(['C-urgent-S1', 'C-urgent-S2']);
    expect(store.getState().slotLooks).toEqual({});
  });

  it('puts a prior case of the same patient beside, and refuses another patient’s', async () => {
    const cases: CaseSummary[] = [];
    const store = setup();
    const api = createFakeApi().api;
    const list = await api.listCases({});
    cases.push(...list);
    const routine = cases.find((c) => c.id === 'C-routine-old')!;
    // The urgent case made a prior of the same patient.
    const samePatient = setup({
      handlers: {
        getCase: ({ caseId }) => {
          const base = createFakeApi().api.getCase({ caseId });
          return Promise.resolve(base).then((r) =>
            caseId === 'C-urgent' ? { ...r, case: { ...r.case, patient: routine.patient } } : r,
          );
        },
      },
    });
    await onSlide(samePatient, 'C-routine-old', 'C-routine-old-S1');
    await samePatient
      .getState()
      .showPriorBeside({ caseId: 'C-urgent', accession: 'U-1', date: '2025-01-02' });
    let s = samePatient.getState();
    expect(s.viewportCount).toBe(2);
    expect(s.slots[1]).toMatchObject({
      slideId: 'C-urgent-S1',
      caseId: 'C-urgent',
      prior: { accession: 'U-1' },
    });
    expect(s.priorProblem).toBeNull();
    // The address stays on this case's slide; cycling skips the prior's viewport.
    expect(s.route).toEqual({
      name: 'slide',
      caseId: 'C-routine-old',
      slideId: 'C-routine-old-S1',
    });
    s.cycleViewport(1);
    expect(samePatient.getState().activeViewport).toBe(0);

    await onSlide(store, 'C-routine-old', 'C-routine-old-S1');
    await store.getState().showPriorBeside({ caseId: 'C-urgent', accession: 'U-1', date: null });
    s = store.getState();
    expect(s.priorProblem).toEqual({ kind: 'otherPatient' });
    expect(s.slots.some((x) => x?.caseId === 'C-urgent')).toBe(false);
  });
});
