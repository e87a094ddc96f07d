import { describe, expect, it } from 'vitest';
import type { SlideCoverage, SlideView } from '../../../../electron/common/tracking/model';
import { CoverageRecorder } from './recorder';

const area = (slideId: string, x: number) => ({
  slideId,
  x,
  y: 0,
  width: 100,
  height: 50,
  magnification: 10,
});

function setup(fail = false) {
  const sent: { slideId: string; views: SlideView[] }[] = [];
  const seen: string[] = [];
  const timers: (() => void)[] = [];
  const pending: boolean[] = [];
  const recorder = new CoverageRecorder({
    onPending: (p) => void pending.push(p),
    send: (slideId, views) => {
      sent.push({ slideId, views });
      if (fail) return Promise.reject(new Error('engine gone'));
      return Promise.resolve({ slideId, seen10: views.length } as unknown as SlideCoverage);
    },
    onCoverage: (c) => void seen.push(`${c.slideId}:${c.seen10}`),
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
  });
  const fire = async () => {
    const fn = timers.shift();
    fn?.();
    await recorder.flush();
  };
  return { recorder, sent, seen, timers, fire, pending };
}

describe('coverage recorder', () => {
  it('gathers the views of a second into one call, then answers with the coverage', async () => {
    const { recorder, sent, seen, timers, fire, pending } = setup();
    recorder.note(area('s1', 0));
    recorder.note(area('s1', 10));
    recorder.note(area('s1', 20));
    expect(sent).toEqual([]);
    expect(timers).toHaveLength(1);
    await fire();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.views.map((v) => v.x)).toEqual([0, 10, 20]);
    expect(sent[0]?.views[0]).toEqual({ x: 0, y: 0, width: 100, height: 50, magnification: 10 });
    expect(seen).toEqual(['s1:3']);
    // Pending from the first view until the call came back.
    expect(pending).toEqual([true, false]);
  });

  it('sends the previous slide’s views at once when the slide changes', async () => {
    const { recorder, sent } = setup();
    recorder.note(area('s1', 0));
    recorder.note(area('s2', 5));
    await recorder.flush();
    expect(sent.map((s) => `${s.slideId}:${s.views.length}`)).toEqual(['s1:1', 's2:1']);
  });

  it('records the slide of every viewport: one timer, one call per slide', async () => {
    const { recorder, sent, seen, timers, fire, pending } = setup();
    // Two viewports in sync pan together: their views interleave.
    recorder.note(area('he', 0), 0);
    recorder.note(area('cd3', 0), 1);
    recorder.note(area('he', 10), 0);
    recorder.note(area('cd3', 10), 1);
    expect(sent).toEqual([]);
    expect(timers).toHaveLength(1);
    await fire();
    expect(sent.map((s) => `${s.slideId}:${s.views.map((v) => v.x).join(',')}`)).toEqual([
      'he:0,10',
      'cd3:0,10',
    ]);
    expect(seen).toEqual(['he:2', 'cd3:2']);
    expect(pending).toEqual([true, false]);
  });

  it('sends at once only the slide a viewport left, the others wait for the timer', async () => {
    const { recorder, sent, timers, fire, pending } = setup();
    recorder.note(area('he', 0), 0);
    recorder.note(area('cd3', 0), 1);
    recorder.note(area('cd20', 0), 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(sent.map((s) => s.slideId)).toEqual(['cd3']);
    await fire();
    expect(sent.map((s) => `${s.slideId}:${s.views.length}`)).toEqual(['cd3:1', 'he:1', 'cd20:1']);
    expect(timers).toHaveLength(0);
    expect(pending).toEqual([true, false]);
  });

  it('ends the wait when the timer finds the views already sent by a switch', async () => {
    const { recorder, sent, fire, pending } = setup();
    recorder.note(area('he', 0), 0);
    recorder.note(area('cd3', 0), 0);
    recorder.note(area('he', 5), 0);
    await recorder.flush(['cd3']);
    expect(sent.map((s) => s.slideId)).toEqual(['he', 'cd3']);
    await recorder.flush(['he']);
    expect(pending).toEqual([true]);
    await fire();
    expect(sent).toHaveLength(3);
    expect(pending).toEqual([true, false]);
  });

  it('keeps going when a call fails, counting the failure', async () => {
    const { recorder, seen, fire } = setup(true);
    recorder.note(area('s1', 0));
    await fire();
    expect(recorder.failures).toBe(1);
    expect(seen).toEqual([]);
    recorder.note(area('s1', 1));
    await fire();
    expect(recorder.failures).toBe(2);
  });

  it('sends nothing when nothing was seen', async () => {
    const { recorder, sent } = setup();
    await recorder.flush();
    expect(sent).toEqual([]);
  });
});
