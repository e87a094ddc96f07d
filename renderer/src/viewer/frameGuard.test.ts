import { describe, expect, it } from 'vitest';
import { FrameGuard, MAX_FRAME_REPORTS } from './frameGuard';

describe('FrameGuard', () => {
  it('runs a frame that draws, and nothing else', () => {
    const logs: string[] = [];
    const guard = new FrameGuard((m) => logs.push(m));
    let recovered = false;
    expect(
      guard.run(
        () => undefined,
        () => (recovered = true),
      ),
    ).toBe(true);
    expect(recovered).toBe(false);
    expect(guard.failures).toBe(0);
    expect(logs).toEqual([]);
  });

  it('keeps a throwing frame from escaping: reported, recovered, and the caller goes on', () => {
    const logs: string[] = [];
    const guard = new FrameGuard((m) => logs.push(m));
    let recovered = 0;
    const drew = guard.run(
      () => {
        throw new DOMException('The image source is detached', 'InvalidStateError');
      },
      () => recovered++,
    );
    expect(drew).toBe(false);
    expect(recovered).toBe(1);
    expect(guard.failures).toBe(1);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('InvalidStateError: The image source is detached');
  });

  it('a recovery that throws too is reported, not thrown', () => {
    const logs: string[] = [];
    const guard = new FrameGuard((m) => logs.push(m));
    const run = () =>
      guard.run(
        () => {
          throw new Error('draw');
        },
        () => {
          throw new Error('reset');
        },
      );
    expect(run).not.toThrow();
    expect(guard.failures).toBe(2);
    expect(logs[1]).toContain('Error: reset');
  });

  it('logs the first few failures only, but counts them all', () => {
    const logs: string[] = [];
    const guard = new FrameGuard((m) => logs.push(m));
    for (let i = 0; i < 10; i++) guard.report(new Error(`frame ${i}`));
    expect(guard.failures).toBe(10);
    expect(logs).toHaveLength(MAX_FRAME_REPORTS);
    expect(logs[MAX_FRAME_REPORTS - 1]).toContain('further failures not logged');
  });
});
