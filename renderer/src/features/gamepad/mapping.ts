/**
 * What a gamepad does to the viewer (issue 6), as a pure function of the pad's state: the
 * left stick pans, the right stick zooms, buttons step the magnification, switch slides,
 * go to the whole slide and show the overview map. Written here because no library maps the
 * W3C "standard" gamepad layout to a slide viewer; the Gamepad API gives only raw axes and
 * buttons.
 *
 * Standard layout (https://w3c.github.io/gamepad/#remapping): axes 0/1 left stick x/y,
 * 2/3 right stick x/y (y down is positive); buttons 0 A, 3 Y, 4 LB, 5 RB, 12–15 d-pad
 * up/down/left/right.
 */
import type { GamepadSettings } from '../../../../electron/common/gamepad';

export interface PadState {
  axes: readonly number[];
  /** Pressed state of each button. */
  buttons: readonly boolean[];
}

export type PadAction =
  'presetUp' | 'presetDown' | 'nextSlide' | 'previousSlide' | 'home' | 'navigator';

export interface PadMotion {
  /** Pan this frame, in fractions of the view's width and height (screen directions). */
  pan: { dx: number; dy: number };
  /** Zoom factor this frame (1: none; > 1 zooms in). */
  zoom: number;
  /** Buttons pressed since the previous state (each once per press). */
  actions: PadAction[];
}

/** View widths per second at full deflection and speed 1. */
export const PAN_RATE = 1;
/** Doublings of magnification per second at full deflection and speed 1. */
export const ZOOM_RATE = 1.5;

const BUTTON_ACTIONS: readonly (readonly [number, PadAction])[] = [
  [0, 'home'],
  [3, 'navigator'],
  [5, 'presetUp'],
  [12, 'presetUp'],
  [4, 'presetDown'],
  [13, 'presetDown'],
  [15, 'nextSlide'],
  [14, 'previousSlide'],
];

/**
 * A stick's deflection after the dead zone, radial (a diagonal is not cut more than an axis)
 * and rescaled so that motion starts from zero at its edge; squared for fine control near
 * the centre, keeping direction.
 */
export function stick(x: number, y: number, deadZone: number): { x: number; y: number } {
  const fx = Number.isFinite(x) ? x : 0;
  const fy = Number.isFinite(y) ? y : 0;
  const m = Math.min(1, Math.hypot(fx, fy));
  if (m <= deadZone || m === 0) return { x: 0, y: 0 };
  const scaled = (m - deadZone) / (1 - deadZone);
  const k = (scaled * scaled) / m;
  return { x: fx * k, y: fy * k };
}

export function padMotion(
  now: PadState,
  before: PadState | null,
  elapsedMs: number,
  settings: GamepadSettings,
): PadMotion {
  // A long pause (a hidden tab) must not turn into one huge jump.
  const dt = Math.min(Math.max(elapsedMs, 0), 100) / 1000;
  const left = stick(now.axes[0] ?? 0, now.axes[1] ?? 0, settings.deadZone);
  const right = stick(0, now.axes[3] ?? 0, settings.deadZone);
  const rate = settings.speed * dt;
  const actions: PadAction[] = [];
  for (const [index, action] of BUTTON_ACTIONS) {
    if (now.buttons[index] && !before?.buttons[index] && !actions.includes(action))
      actions.push(action);
  }
  return {
    pan: { dx: left.x * PAN_RATE * rate, dy: left.y * PAN_RATE * rate },
    zoom: Math.pow(2, -right.y * ZOOM_RATE * rate),
    actions,
  };
}

/** The next preset above (dir 1) or below (dir -1) the current magnification, or null. */
export function nextPreset(
  current: number | null,
  dir: 1 | -1,
  presets: readonly number[],
): number | null {
  const sorted = [...presets].sort((a, b) => a - b);
  if (current === null) return dir === 1 ? (sorted[0] ?? null) : null;
  // Within 3% counts as being at the preset (the readout rounds).
  if (dir === 1) return sorted.find((p) => p > current * 1.03) ?? null;
  return [...sorted].reverse().find((p) => p < current / 1.03) ?? null;
}

/** True when the motion does nothing (the loop can skip the viewer). */
export function isIdle(m: PadMotion): boolean {
  return m.pan.dx === 0 && m.pan.dy === 0 && m.zoom === 1 && m.actions.length === 0;
}
