import { describe, expect, it } from 'vitest';
import type { ReportContent } from '../../common/reports/model';
import { EMPTY_SECTIONS } from '../../common/reports/model';
import type { SignFacts } from './signChecks';
import { signChecks } from './signChecks';

const content: ReportContent = {
  templateId: null,
  sections: { ...EMPTY_SECTIONS, conclusion: 'Benign.' },
  synoptic: {},
  snapshotIds: [],
};

const facts = (over: Partial<SignFacts>): SignFacts => ({
  content,
  template: null,
  hasUser: true,
  slideIds: ['s1', 's2', 's3'],
  viewedSlideIds: new Set(['s1', 's2', 's3']),
  ...over,
});

describe('sign checks: slides', () => {
  it('warns of slides never opened and of slides opened but seen below the threshold', () => {
    const checks = signChecks(
      facts({ viewedSlideIds: new Set(['s2', 's3']), lowCoverageSlideIds: new Set(['s3']) }),
    );
    expect(checks).toEqual([
      { code: 'slide_never_opened', severity: 'warning', subject: 's1' },
      { code: 'slide_low_coverage', severity: 'warning', subject: 's3' },
    ]);
  });

  it('gives a slide never opened one warning only, even when its coverage is low', () => {
    const checks = signChecks(
      facts({ viewedSlideIds: new Set(['s2', 's3']), lowCoverageSlideIds: new Set(['s1']) }),
    );
    expect(checks.map((c) => `${c.code}:${c.subject}`)).toEqual(['slide_never_opened:s1']);
  });

  it('has nothing to say when every slide was opened and seen enough, or coverage is not known', () => {
    expect(signChecks(facts({ lowCoverageSlideIds: new Set() }))).toEqual([]);
    expect(signChecks(facts({}))).toEqual([]);
  });
});
