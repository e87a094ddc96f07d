import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store';
import { createFakeApi } from '../../testing/fakeApi';
import { startAddressSync } from './addressSync';

/** A window whose history keeps its entries, and whose Back/Forward fire popstate. */
function fakeWindow(hash = '') {
  const entries = [hash];
  let index = 0;
  const listeners = new Set<() => void>();
  const location = {
    get hash() {
      return entries[index]!;
    },
  };
  const go = (delta: number) => {
    index += delta;
    for (const l of listeners) l();
  };
  const win = {
    location,
    history: {
      pushState: (_: unknown, __: string, url: string) => {
        entries.splice(index + 1, Infinity, url);
        index++;
      },
      replaceState: (_: unknown, __: string, url: string) => {
        entries[index] = url;
      },
    },
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  } as unknown as Window;
  return {
    win,
    entries,
    back: () => go(-1),
    forward: () => go(1),
    open: (h: string) => {
      entries.splice(index + 1, Infinity, h);
      go(1);
    },
  };
}

function setup(hash = '') {
  const store = createAppStore({ api: createFakeApi().api, tileBase: '/t', browserLocale: 'en' });
  const w = fakeWindow(hash);
  const stop = startAddressSync(store, w.win);
  const settled = () => new Promise((r) => setTimeout(r, 20));
  return { store, ...w, stop, settled };
}

describe('address sync', () => {
  it('opens the case and slide an address names (a reload), and keeps the address', async () => {
    const { store, win, settled, stop } = setup('#/case/h24-00101/slide/2');
    await settled();
    const s = store.getState();
    expect(s.route).toEqual({
      name: 'slide',
      caseId: 'C-routine-old',
      slideId: s.openCase!.slides[1]!.id,
    });
    expect(win.location.hash).toBe('#/case/H24-00101/slide/2');
    stop();
  });

  it('writes an address per screen, and Back and Forward move between them', async () => {
    const { store, win, entries, back, forward, settled, stop } = setup();
    await settled();
    expect(entries).toEqual(['#/worklist']);
    await store.getState().showCase('C-urgent');
    expect(win.location.hash).toBe('#/case/H24-00102');
    await store.getState().openSlide(store.getState().openCase!.slides[0]!.id);
    expect(win.location.hash).toBe('#/case/H24-00102/slide/1');
    expect(entries).toHaveLength(3);
    back();
    await settled();
    expect(store.getState().route).toEqual({ name: 'case', caseId: 'C-urgent' });
    back();
    await settled();
    expect(store.getState().route).toEqual({ name: 'worklist' });
    forward();
    await settled();
    expect(store.getState().route.name).toBe('case');
    expect(entries).toHaveLength(3);
    stop();
  });

  it('opens the report alone for a report address, and stays on it when the case changes', async () => {
    const { store, win, entries, settled, stop } = setup('#/case/h24-00102/report');
    await settled();
    expect(store.getState().route).toEqual({ name: 'report', caseId: 'C-urgent' });
    expect(store.getState().openCase?.summary.id).toBe('C-urgent');
    expect(win.location.hash).toBe('#/case/H24-00102/report');
    await store.getState().showCase('C-routine-old');
    expect(store.getState().route).toEqual({ name: 'report', caseId: 'C-routine-old' });
    expect(win.location.hash).toBe('#/case/H24-00101/report');
    expect(entries).toHaveLength(2);
    stop();
  });

  it('shows the missing screen for an unknown case or slide, never a blank one', async () => {
    const { store, open, settled, stop } = setup();
    await settled();
    open('#/case/NOPE-1');
    await settled();
    expect(store.getState().route).toEqual({
      name: 'missing',
      address: { name: 'case', accession: 'NOPE-1' },
    });
    open('#/case/H24-00102/slide/9');
    await settled();
    expect(store.getState().route).toMatchObject({ name: 'missing', address: { position: 9 } });
    // A damaged slide (position 3 of H24-00101) cannot be opened either.
    open('#/case/H24-00101/slide/3');
    await settled();
    expect(store.getState().route.name).toBe('missing');
    stop();
  });
});
