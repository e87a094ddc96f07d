/** The report panel's open state: remembered when the user folds it, not when the viewer does. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store';
import { createFakeApi } from '../../testing/fakeApi';

const KEY = 'lpw.reportPanel';
const newStore = () =>
  createAppStore({ api: createFakeApi().api, tileBase: '/tiles', browserLocale: 'en-GB' });

describe('report panel open state', () => {
  beforeEach(() => localStorage.clear());

  it('remembers the user’s choice for the next start', () => {
    newStore().getState().setReportPanelOpen(false);
    expect(localStorage.getItem(KEY)).toBe('closed');
    expect(newStore().getState().reportPanelOpen).toBe(false);
  });

  it('keeps the user’s choice when the viewer folds the panel by itself', () => {
    const store = newStore();
    store.getState().setReportPanelOpen(false, false);
    expect(store.getState().reportPanelOpen).toBe(false);
    expect(localStorage.getItem(KEY)).toBeNull();
    expect(newStore().getState().reportPanelOpen).toBe(true);
  });
});
