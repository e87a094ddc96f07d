import { describe, expect, it } from 'vitest';
import { REPORT_WINDOW_WIDTH, reportWindowFeatures } from './openReportWindow';

const laptop = { availLeft: 0, availTop: 0, availWidth: 1366, availHeight: 728 };
const big = { availLeft: 1366, availTop: 0, availWidth: 2560, availHeight: 1400 };

describe('where the report window opens', () => {
  it('fills another screen when there is one', () => {
    expect(reportWindowFeatures([laptop, big], laptop)).toBe(
      'popup,left=1366,top=0,width=2560,height=1400',
    );
    expect(reportWindowFeatures([laptop, big], big)).toBe(
      'popup,left=0,top=0,width=1366,height=728',
    );
  });

  it('takes the right-hand side of the only screen, full height', () => {
    expect(reportWindowFeatures([laptop], laptop)).toBe(
      `popup,left=${1366 - REPORT_WINDOW_WIDTH},top=0,width=${REPORT_WINDOW_WIDTH},height=728`,
    );
    const narrow = { availLeft: -800, availTop: 20, availWidth: 600, availHeight: 900 };
    expect(reportWindowFeatures([], narrow)).toBe('popup,left=-800,top=20,width=600,height=900');
  });
});
