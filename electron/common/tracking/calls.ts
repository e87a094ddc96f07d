/** The contract's calls for slide tracking: which tissue was seen, at which magnification (issue 6). */
import { z } from 'zod';
import { call } from '../call';
import {
  CaseCoverageSchema,
  MAX_VIEWS_PER_CALL,
  SlideCoverageSchema,
  SlideIdSchema,
  SlideViewSchema,
} from './model';

export const trackingCalls = {
  /**
   * Adds what was on screen since the last call (the renderer sends at most about one call
   * a second) to the slide's grid; answers the slide's coverage after it.
   */
  recordSlideCoverage: call(
    z
      .object({
        slideId: SlideIdSchema,
        views: z.array(SlideViewSchema).min(1).max(MAX_VIEWS_PER_CALL),
      })
      .strict(),
    SlideCoverageSchema,
  ),
  /** The slide's grid, tissue mask and fractions seen (all users together). */
  getSlideCoverage: call(z.object({ slideId: SlideIdSchema }).strict(), SlideCoverageSchema),
  /** Per slide of the case: opened, fractions seen, below the threshold of Settings. */
  getCaseCoverage: call(z.object({ caseId: SlideIdSchema }).strict(), CaseCoverageSchema),
} as const;
