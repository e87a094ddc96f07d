import { describe, expect, it } from 'vitest';
import { DEFAULT_GAMEPAD } from '../../../../electron/common/gamepad';
import type { PadState } from './mapping';
import { PAN_RATE, ZOOM_RATE, isIdle, nextPreset, padMotion, stick } from './mapping';

const pad = (axes: number[] = [0, 0, 0, 0], pressed: number[] = []): PadState => ({
  axes,
  buttons: Array.from({ length: 17 }, (_, i) => pressed.includes(i)),
});
const settings = { deadZone: 0.2, speed: 1 };

describe('gamepad mapping', () => {
  it('ignores a stick resting inside the dead zone, on an axis or a diagonal', () => {
    expect(stick(0.1, 0.1, 0.2)).toEqual({ x: 0, y: 0 });
    expect(stick(0.19, 0, 0.2)).toEqual({ x: 0, y: 0 });
    const m = padMotion(pad([0.12, -0.15, 0, 0.1]), null, 16, settings);
    expect(isIdle(m)).toBe(true);
  });

  it('starts from zero at the dead zone edge and reaches full speed at full deflection', () => {
    expect(stick(0.2001, 0, 0.2).x).toBeLessThan(1e-6);
    expect(stick(1, 0, 0.2).x).toBeCloseTo(1, 10);
    expect(stick(0, -1, 0.2).y).toBeCloseTo(-1, 10);
    // Squared response: half-way past the dead zone gives a quarter of the speed.
    expect(stick(0.6, 0, 0.2).x).toBeCloseTo(0.25, 10);
    // Direction is kept on a diagonal.
    const d = stick(0.6, 0.6, 0.2);
    expect(d.x).toBeCloseTo(d.y, 10);
  });

  it('pans by the view per second times speed, proportional to the frame time', () => {
    const one = padMotion(pad([1, 0, 0, 0]), null, 16, settings);
    expect(one.pan.dx).toBeCloseTo(PAN_RATE * 0.016, 10);
    expect(one.pan.dy).toBe(0);
    const fast = padMotion(pad([1, 0, 0, 0]), null, 16, { ...settings, speed: 2 });
    expect(fast.pan.dx).toBeCloseTo(2 * one.pan.dx, 10);
    const down = padMotion(pad([0, 1, 0, 0]), null, 32, settings);
    expect(down.pan.dy).toBeCloseTo(PAN_RATE * 0.032, 10);
  });

  it('caps a long pause so a hidden window does not jump on return', () => {
    const m = padMotion(pad([1, 0, 0, 0]), null, 5000, settings);
    expect(m.pan.dx).toBeCloseTo(PAN_RATE * 0.1, 10);
  });

  it('zooms in with the right stick pushed up and out when pulled down', () => {
    const zin = padMotion(pad([0, 0, 0, -1]), null, 1000 / 10, settings);
    expect(zin.zoom).toBeCloseTo(Math.pow(2, ZOOM_RATE * 0.1), 10);
    const zout = padMotion(pad([0, 0, 0, 1]), null, 100, settings);
    expect(zout.zoom).toBeCloseTo(1 / zin.zoom, 10);
  });

  it('acts once per button press, not while it is held', () => {
    const first = padMotion(pad(undefined, [5, 15]), pad(), 16, DEFAULT_GAMEPAD);
    expect(first.actions).toEqual(['presetUp', 'nextSlide']);
    const held = padMotion(pad(undefined, [5, 15]), pad(undefined, [5, 15]), 16, DEFAULT_GAMEPAD);
    expect(held.actions).toEqual([]);
    const both = padMotion(pad(undefined, [5, 12]), pad(), 16, DEFAULT_GAMEPAD);
    expect(both.actions).toEqual(['presetUp']);
    expect(padMotion(pad(undefined, [0, 3, 4, 14]), null, 16, DEFAULT_GAMEPAD).actions).toEqual([
      'home',
      'navigator',
      'presetDown',
      'previousSlide',
    ]);
  });

  it('treats a broken axis value as centred', () => {
    expect(
      isIdle(padMotion(pad([Number.NaN, Number.NaN, 0, Number.NaN]), null, 16, settings)),
    ).toBe(true);
  });

  it('steps to the next preset above or below the current magnification', () => {
    const presets = [1.25, 2.5, 5, 10, 20, 40];
    expect(nextPreset(7, 1, presets)).toBe(10);
    expect(nextPreset(7, -1, presets)).toBe(5);
    expect(nextPreset(10.1, 1, presets)).toBe(20);
    expect(nextPreset(9.9, -1, presets)).toBe(5);
    expect(nextPreset(40, 1, presets)).toBeNull();
    expect(nextPreset(1.25, -1, presets)).toBeNull();
    expect(nextPreset(null, 1, presets)).toBe(1.25);
  });
});
