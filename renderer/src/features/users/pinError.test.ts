import { describe, expect, it } from 'vitest';
import { pinErrorText } from './pinError';

describe('pinErrorText', () => {
  it('reads the engine’s refusals', () => {
    const u = (message: string) => pinErrorText({ code: 'unauthorized', message });
    expect(u('Wrong PIN.')).toEqual({ key: 'users.pin.wrong' });
    expect(u('Too many wrong PINs for this profile: try again in 20 s.')).toEqual({
      key: 'users.pin.throttled',
      seconds: 20,
    });
    expect(u('Wrong PIN, 5 times in a row: this profile is refused for 30 s.')).toEqual({
      key: 'users.pin.throttled',
      seconds: 30,
    });
    expect(u('This profile has no PIN yet: set one in Settings → Pathologists.')).toEqual({
      key: 'users.pin.noPin',
    });
    expect(u('The current PIN is wrong.')).toEqual({ key: 'users.pin.currentWrong' });
    expect(u('Enter the current PIN to change it.')).toEqual({ key: 'users.pin.currentNeeded' });
    expect(pinErrorText({ code: 'unavailable', message: 'x' })).toEqual({ key: 'other' });
  });
});
