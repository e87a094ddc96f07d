import { describe, expect, it } from 'vitest';
import type { Address } from './address';
import { addressOfRoute, formatAddress, parseAddress } from './address';

describe('addresses', () => {
  it('formats and parses every screen, round trip', () => {
    const all: Address[] = [
      { name: 'worklist' },
      { name: 'settings' },
      { name: 'case', accession: 'B26-013102' },
      { name: 'case', accession: 'H 26/0042 é' },
      { name: 'slide', accession: 'B26-013102', position: 3 },
    ];
    for (const a of all) expect(parseAddress(formatAddress(a))).toEqual(a);
    expect(formatAddress({ name: 'slide', accession: 'B26-1', position: 2 })).toBe(
      '#/case/B26-1/slide/2',
    );
  });

  it('reads an empty fragment as the worklist and refuses malformed ones', () => {
    for (const h of ['', '#', '#/', '#/worklist/'])
      expect(parseAddress(h)).toEqual({ name: 'worklist' });
    for (const h of [
      '#/case',
      '#/case/',
      '#/case/B1/slide',
      '#/case/B1/slide/0',
      '#/case/B1/slide/x',
      '#/case/%E0%A4%A',
      '#/nope',
      '#/case/B1/slide/1/extra',
    ])
      expect(parseAddress(h), h).toBeNull();
  });

  it('says a route’s address once its case is known', () => {
    const open = { id: 'c1', accession: 'B26-1', slides: [{ id: 's9', position: 2 }] };
    expect(addressOfRoute({ name: 'case', caseId: 'c1' }, open)).toEqual({
      name: 'case',
      accession: 'B26-1',
    });
    expect(addressOfRoute({ name: 'slide', caseId: 'c1', slideId: 's9' }, open)).toEqual({
      name: 'slide',
      accession: 'B26-1',
      position: 2,
    });
    expect(addressOfRoute({ name: 'case', caseId: 'c2' }, open)).toBeNull();
    expect(addressOfRoute({ name: 'case', caseId: 'c1' }, null)).toBeNull();
    expect(addressOfRoute({ name: 'settings', back: { name: 'worklist' } }, null)).toEqual({
      name: 'settings',
    });
  });
});
