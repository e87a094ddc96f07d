import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../common/contract';
import type { StoredSlide } from '../cases/caseRepository';
import { prefetchWorklist } from './worklist';

const summary = (id: string, status: CaseSummary['status'], priority: CaseSummary['priority']) =>
  ({ id, status, priority }) as CaseSummary;
const slide = (id: string, error: StoredSlide['error'] = null) =>
  ({ id, identity: `id-${id}`, error, locator: { kind: 'file', path: `/${id}` } }) as StoredSlide;

describe('prefetchWorklist', () => {
  it('keeps open cases in order, with their readable slides as plain data', () => {
    const cases = {
      list: () => [
        summary('a', 'new', 'routine'),
        summary('b', 'signed_out', 'frozen'),
        summary('c', 'in_progress', 'urgent'),
      ],
      slides: (caseId: string) =>
        caseId === 'a'
          ? [slide('a1'), slide('a2', { code: 'corrupt', message: 'x' })]
          : [slide(`${caseId}1`)],
    };
    expect(prefetchWorklist(cases)).toEqual([
      {
        caseId: 'a',
        priority: 'routine',
        slides: [{ slideId: 'a1', identity: 'id-a1', locator: { kind: 'file', path: '/a1' } }],
      },
      {
        caseId: 'c',
        priority: 'urgent',
        slides: [{ slideId: 'c1', identity: 'id-c1', locator: { kind: 'file', path: '/c1' } }],
      },
    ]);
  });
});
