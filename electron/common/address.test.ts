import { describe, expect, it } from 'vitest';
import type { Address } from './address';
import { formatAddress, parseAddress, sameAccession } from './address';

describe('addresses', () => {
  it('formats and parses every screen, round trip', () => {
    const all: Address[] = [
      { name: 'worklist' },
      { name: 'settings' },
      { name: 'case', accession: 'B26-013102' },
      { name: 'case', accession: 'H 26/0042 é' },
      { name: 'slide', accession: 'B26-013102', position: 3 },
      { name: 'report', accession: 'B26-013102' },
      { name: 'report', accession: 'H 26/0042 é' },
    ];
    for (const a of all) expect(parseAddress(formatAddress(a))).toEqual(a);
    expect(formatAddress({ name: 'slide', accession: 'B26-1', position: 2 })).toBe(
      '#/case/B26-1/slide/2',
    );
    expect(formatAddress({ name: 'report', accession: 'B26-1' })).toBe('#/case/B26-1/report');
    expect(parseAddress('#/case/B26-1/report/')).toEqual({ name: 'report', accession: 'B26-1' });
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
      '#/case/B1/reports',
      '#/case/B1/report/1',
      '#/case//report',
    ])
      expect(parseAddress(h), h).toBeNull();
  });

  it('compares accessions as people type them', () => {
    expect(sameAccession(' b26-1 ', 'B26-1')).toBe(true);
    expect(sameAccession('B26-1', 'B26-10')).toBe(false);
  });
});
