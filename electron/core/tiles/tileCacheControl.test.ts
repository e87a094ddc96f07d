import { describe, expect, it } from 'vitest';
import { tileCacheControl } from './tileRoute';

describe('tileCacheControl', () => {
  it('lets the browser keep tiles and thumbnails, never labels or macros', () => {
    expect(tileCacheControl({ kind: 'tile' })).toBe('private, max-age=86400');
    expect(tileCacheControl({ kind: 'associated', name: 'thumbnail' })).toBe(
      'private, max-age=86400',
    );
    expect(tileCacheControl({ kind: 'associated', name: 'label' })).toBe('no-store');
    expect(tileCacheControl({ kind: 'associated', name: 'macro' })).toBe('no-store');
  });
});
