/**
 * Reads the first connected gamepad once per animation frame while one is connected (the
 * Gamepad API has no events for axes or buttons) and applies padMotion to the viewer.
 * Nothing runs while no pad is connected.
 */
import { useEffect, useRef } from 'react';
import { DEFAULT_GAMEPAD } from '../../../../electron/common/gamepad';
import { useAppStore } from '../../state/StoreContext';
import type { PadAction, PadState } from './mapping';
import { isIdle, padMotion } from './mapping';

export interface GamepadTarget {
  pan: (dx: number, dy: number) => void;
  zoom: (factor: number) => void;
  act: (action: PadAction) => void;
}

function readPad(): PadState | null {
  const pads = typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : [];
  for (const p of pads) {
    if (p && p.connected)
      return { axes: [...p.axes], buttons: p.buttons.map((b) => b.pressed || b.value > 0.5) };
  }
  return null;
}

export function useGamepad(target: GamepadTarget): void {
  const settings = useAppStore((s) => s.settings?.gamepad ?? DEFAULT_GAMEPAD);
  const live = useRef({ target, settings });
  useEffect(() => {
    live.current = { target, settings };
  });
  useEffect(() => {
    let frame = 0;
    let before: PadState | null = null;
    let last = 0;
    const tick = (time: number) => {
      frame = 0;
      const now = readPad();
      if (!now) return; // disconnected: wait for the next gamepadconnected
      const motion = padMotion(now, before, last === 0 ? 0 : time - last, live.current.settings);
      before = now;
      last = time;
      if (!isIdle(motion)) {
        const t = live.current.target;
        if (motion.pan.dx !== 0 || motion.pan.dy !== 0) t.pan(motion.pan.dx, motion.pan.dy);
        if (motion.zoom !== 1) t.zoom(motion.zoom);
        for (const a of motion.actions) t.act(a);
      }
      frame = requestAnimationFrame(tick);
    };
    const start = () => {
      if (frame === 0 && readPad()) {
        before = null;
        last = 0;
        frame = requestAnimationFrame(tick);
      }
    };
    window.addEventListener('gamepadconnected', start);
    start();
    return () => {
      window.removeEventListener('gamepadconnected', start);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, []);
}
