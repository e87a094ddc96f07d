import { describe, expect, it } from 'vitest';
import { placementFeatures } from './newWindow';

const laptop = { availLeft: 0, availTop: 0, availWidth: 1366, availHeight: 728 };
const wide = { availLeft: 1366, availTop: 0, availWidth: 2560, availHeight: 1400 };
const small = { availLeft: -1280, availTop: 0, availWidth: 1280, availHeight: 984 };

describe('placementFeatures', () => {
  it('fills the largest other screen', () => {
    expect(placementFeatures([laptop, wide, small], laptop)).toBe(
      'popup,left=1366,top=0,width=2560,height=1400',
    );
    expect(placementFeatures([laptop, wide, small], wide)).toBe(
      'popup,left=-1280,top=0,width=1280,height=984',
    );
  });

  it('lets the browser place it on a single screen', () => {
    expect(placementFeatures([laptop], laptop)).toBe('popup');
    expect(placementFeatures([], laptop)).toBe('popup');
  });
});
