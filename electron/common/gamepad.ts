/** Gamepad settings (issue 6): shared by the Settings schema and the renderer's mapping. */
import { z } from 'zod';

/** Stick travel (0..1) ignored around the centre: worn sticks rest a little off zero. */
export const GAMEPAD_DEAD_ZONE = { min: 0, max: 0.5, default: 0.15 } as const;
/** Multiplier of pan and zoom speed. */
export const GAMEPAD_SPEED = { min: 0.25, max: 4, default: 1 } as const;

export const GamepadSettingsSchema = z
  .object({
    deadZone: z.number().min(GAMEPAD_DEAD_ZONE.min).max(GAMEPAD_DEAD_ZONE.max),
    speed: z.number().min(GAMEPAD_SPEED.min).max(GAMEPAD_SPEED.max),
  })
  .strict();
export type GamepadSettings = z.infer<typeof GamepadSettingsSchema>;

export const DEFAULT_GAMEPAD: GamepadSettings = {
  deadZone: GAMEPAD_DEAD_ZONE.default,
  speed: GAMEPAD_SPEED.default,
};
