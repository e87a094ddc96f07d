/** Checks of the Settings forms for profiles, before anything is sent. Pure. */
import { LOCK_MINUTES } from '../../../../electron/common/users/model';

export type ProfileProblem = 'nameMissing' | 'initialsMissing' | 'initialsTooLong';
export type PinProblem = 'pinFormat' | 'pinMismatch';

/** "Claire Dupont" → "CD", "Jean-Marc Le Goff" → "JMLG" (at most 4 letters). */
export function suggestInitials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
}

export function profileProblem(input: { name: string; initials: string }): ProfileProblem | null {
  if (input.name.trim() === '') return 'nameMissing';
  if (input.initials.trim() === '') return 'initialsMissing';
  if (input.initials.trim().length > 6) return 'initialsTooLong';
  return null;
}

/** 4 to 12 digits, typed twice the same. */
export function pinProblem(pin: string, confirm: string): PinProblem | null {
  if (!/^\d{4,12}$/.test(pin)) return 'pinFormat';
  if (pin !== confirm) return 'pinMismatch';
  return null;
}

/** Minutes as typed ("15", " 5 "), or null when out of range or not a whole number. */
export function parseLockMinutes(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= LOCK_MINUTES.min && n <= LOCK_MINUTES.max ? n : null;
}
