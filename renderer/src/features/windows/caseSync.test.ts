import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../state/store';
import { createFakeApi } from '../../testing/fakeApi';
import type { CaseMessage, Channel } from './caseSync';
import { startCaseSync } from './caseSync';

/** Channels of one "browser": what one posts, the others receive (not itself), async. */
function fakeBus() {
  const members = new Set<{ deliver(data: unknown): void }>();
  return (): Channel => {
    const listeners: ((event: { data: unknown }) => void)[] = [];
    const me = { deliver: (data: unknown) => listeners.forEach((l) => l({ data })) };
    members.add(me);
    return {
      postMessage: (message: CaseMessage) => {
        for (const m of members) if (m !== me) queueMicrotask(() => m.deliver(message));
      },
      addEventListener: (_type, listener) => listeners.push(listener),
      close: () => members.delete(me),
    };
  };
}

const newStore = () =>
  createAppStore({ api: createFakeApi().api, tileBase: '/t', browserLocale: 'en' });
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('case sync between windows', () => {
  it('makes a window that shows another case follow, and never loops', async () => {
    const channel = fakeBus();
    const a = newStore();
    const b = newStore();
    const stopA = startCaseSync(a, channel());
    const stopB = startCaseSync(b, channel());
    await a.getState().showCase('C-urgent');
    await b.getState().showCase('C-urgent');
    await b.getState().openSlide(b.getState().openCase!.slides[1]!.id);

    await a.getState().showCase('C-routine-old');
    await settle();
    // B was reading a slide of the other patient: it now shows the new case's gallery.
    expect(b.getState().route).toEqual({ name: 'case', caseId: 'C-routine-old' });
    expect(b.getState().openCase?.summary.patient.id).toBe('P001');
    expect(a.getState().route).toEqual({ name: 'case', caseId: 'C-routine-old' });

    await b.getState().showCase('C-urgent');
    await settle();
    expect(a.getState().route).toEqual({ name: 'case', caseId: 'C-urgent' });
    stopA();
    stopB();
  });

  it('makes a report window show the report of the case opened elsewhere, and announces its own', async () => {
    const channel = fakeBus();
    const main = newStore();
    const report = newStore();
    const stops = [startCaseSync(main, channel()), startCaseSync(report, channel())];
    await main.getState().showCase('C-urgent');
    report.getState().navigate({ name: 'report', caseId: 'C-urgent' });
    await report.getState().showCase('C-urgent');
    await settle();
    expect(report.getState().route).toEqual({ name: 'report', caseId: 'C-urgent' });

    await main.getState().showCase('C-routine-old');
    await settle();
    // Still a report window, now on the other case; its header's patient is that case's.
    expect(report.getState().route).toEqual({ name: 'report', caseId: 'C-routine-old' });
    expect(report.getState().openCase?.summary.id).toBe('C-routine-old');
    expect(report.getState().openCase?.summary.patient.id).toBe('P001');

    // A case opened from the report window (its address) brings the main window along.
    await report.getState().showCase('C-frozen');
    await settle();
    expect(main.getState().route).toEqual({ name: 'case', caseId: 'C-frozen' });
    stops.forEach((s) => s());
  });

  it('leaves a window on the worklist or in Settings where it is', async () => {
    const channel = fakeBus();
    const a = newStore();
    const b = newStore();
    const stops = [startCaseSync(a, channel()), startCaseSync(b, channel())];
    await a.getState().showCase('C-urgent');
    await settle();
    expect(b.getState().route).toEqual({ name: 'worklist' });
    b.getState().openSettings();
    await a.getState().showCase('C-frozen');
    await settle();
    expect(b.getState().route.name).toBe('settings');
    stops.forEach((s) => s());
  });

  it('keeps a window on its case when another case of the same patient opens elsewhere (a prior)', async () => {
    const channel = fakeBus();
    const b = newStore();
    const stopB = startCaseSync(b, channel());
    const other = channel();
    await b.getState().showCase('C-urgent');
    const patientId = b.getState().openCase!.summary.patient.id;
    other.postMessage({ type: 'case-opened', caseId: 'C-frozen', accession: 'X', patientId });
    await settle();
    expect(b.getState().route).toEqual({ name: 'case', caseId: 'C-urgent' });
    other.postMessage({
      type: 'case-opened',
      caseId: 'C-frozen',
      accession: 'X',
      patientId: `${patientId}-other`,
    });
    await settle();
    expect(b.getState().route).toEqual({ name: 'case', caseId: 'C-frozen' });
    stopB();
  });

  it('ignores messages that are not ours', async () => {
    const channel = fakeBus();
    const a = newStore();
    const stop = startCaseSync(a, channel());
    await a.getState().showCase('C-urgent');
    const other = channel();
    other.postMessage({ type: 'case-opened', caseId: 42 } as unknown as CaseMessage);
    await settle();
    expect(a.getState().route).toEqual({ name: 'case', caseId: 'C-urgent' });
    stop();
  });
});
