/**
 * The sentence for a refused PIN, in the user's language. The engine's messages are
 * English: the code says what happened, and the throttling message carries the seconds.
 */
import type { ErrorInfo } from '../../state/types';

export type PinErrorText =
  | { key: 'users.pin.wrong' }
  | { key: 'users.pin.throttled'; seconds: number }
  | { key: 'users.pin.noPin' }
  | { key: 'users.pin.currentWrong' }
  | { key: 'users.pin.currentNeeded' }
  | { key: 'other' };

export function pinErrorText(error: ErrorInfo): PinErrorText {
  if (error.code !== 'unauthorized') return { key: 'other' };
  const seconds = /(?:in|for) (\d+) s\b/.exec(error.message);
  if (seconds) return { key: 'users.pin.throttled', seconds: Number(seconds[1]) };
  if (/no PIN yet/.test(error.message)) return { key: 'users.pin.noPin' };
  if (/current PIN is wrong/.test(error.message)) return { key: 'users.pin.currentWrong' };
  if (/current PIN/.test(error.message)) return { key: 'users.pin.currentNeeded' };
  return { key: 'users.pin.wrong' };
}
