import { describe, expect, it } from 'vitest';
import { startFrame } from './blankCanvas';

function fakeCanvas() {
  const canvas = { width: 160, height: 90, style: { visibility: '' } };
  const clears: number[][] = [];
  const ctx = {
    canvas,
    setTransform: () => undefined,
    clearRect: (...a: number[]) => void clears.push(a),
  };
  return { canvas, ctx, clears };
}

describe('startFrame', () => {
  it('leaves a blank canvas untouched and hidden while frames are empty', () => {
    const { canvas, ctx, clears } = fakeCanvas();
    for (let i = 0; i < 3; i++) expect(startFrame(ctx, true)).toBe(false);
    expect(clears).toEqual([]);
    expect(canvas.style.visibility).toBe('hidden');
  });

  it('clears and shows a canvas for a frame with something to draw, at every such frame', () => {
    const { canvas, ctx, clears } = fakeCanvas();
    expect(startFrame(ctx, false)).toBe(true);
    expect(startFrame(ctx, false)).toBe(true);
    expect(clears).toEqual([
      [0, 0, 160, 90],
      [0, 0, 160, 90],
    ]);
    expect(canvas.style.visibility).toBe('');
  });

  it('clears once when what was drawn goes away, then leaves the canvas alone', () => {
    const { canvas, ctx, clears } = fakeCanvas();
    startFrame(ctx, false);
    expect(startFrame(ctx, true)).toBe(false);
    expect(startFrame(ctx, true)).toBe(false);
    expect(clears).toHaveLength(2);
    expect(canvas.style.visibility).toBe('hidden');
    // Drawn again: cleared and shown again.
    expect(startFrame(ctx, false)).toBe(true);
    expect(clears).toHaveLength(3);
    expect(canvas.style.visibility).toBe('');
  });

  it('keeps two canvases apart', () => {
    const a = fakeCanvas();
    const b = fakeCanvas();
    startFrame(a.ctx, false);
    expect(startFrame(b.ctx, true)).toBe(false);
    expect(b.clears).toEqual([]);
    expect(startFrame(a.ctx, true)).toBe(false);
    expect(a.clears).toHaveLength(2);
  });

  it('clears the given area of a context without a canvas (a test double), every frame', () => {
    const clears: number[][] = [];
    const ctx = {
      setTransform: () => undefined,
      clearRect: (...a: number[]) => void clears.push(a),
    };
    expect(startFrame(ctx, true, { width: 8, height: 6 })).toBe(false);
    expect(startFrame(ctx, false, { width: 8, height: 6 })).toBe(true);
    expect(clears).toEqual([
      [0, 0, 8, 6],
      [0, 0, 8, 6],
    ]);
  });
});
