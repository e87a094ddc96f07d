import { describe, expect, it } from 'vitest';
import { addressOfRoute } from './address';

describe('addresses', () => {
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
    expect(addressOfRoute({ name: 'report', caseId: 'c1' }, open)).toEqual({
      name: 'report',
      accession: 'B26-1',
    });
    expect(addressOfRoute({ name: 'report', caseId: 'c2' }, open)).toBeNull();
    expect(addressOfRoute({ name: 'case', caseId: 'c2' }, open)).toBeNull();
    expect(addressOfRoute({ name: 'case', caseId: 'c1' }, null)).toBeNull();
    expect(addressOfRoute({ name: 'settings', back: { name: 'worklist' } }, null)).toEqual({
      name: 'settings',
    });
  });
});
