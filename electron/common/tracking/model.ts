/**
 * Slide tracking (issue 6): which tissue of each slide was on screen, and at which
 * magnification. Shapes shared by the engine (core/tracking) and the renderer
 * (features/tracking); the maths is in grid.ts and tissueMask.ts.
 */
import { z } from 'zod';
import { SLIDE_ID_PATTERN } from '../pyramid';

export const SlideIdSchema = z
  .string()
  .regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');

/** Coverage threshold of Settings: percent of the tissue seen at ≥ 10× (whole percent). */
export const COVERAGE_THRESHOLD_PCT = { min: 0, max: 100, default: 80 } as const;

/** At most this many views per call: the renderer sends at most about one call a second. */
export const MAX_VIEWS_PER_CALL = 240;

/** What was on screen: the axis-aligned bounds of the visible area in level-0 pixels. */
export const SlideViewSchema = z
  .object({
    x: z.number().finite(),
    y: z.number().finite(),
    width: z.number().finite().positive(),
    height: z.number().finite().positive(),
    magnification: z.number().finite().positive().max(1000),
  })
  .strict();
export type SlideView = z.infer<typeof SlideViewSchema>;

export const SlideCoverageSchema = z.object({
  slideId: z.string(),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  /** cols × rows bytes, base64: 0 never seen, else 1 + magnification bucket (grid.ts). */
  grid: z.string(),
  /** cols × rows bytes, base64: 1 for tissue; null when the tissue could not be found. */
  tissue: z.string().nullable(),
  /** Fractions (0-1) of the tissue seen at ≥ 10× and ≥ 20×. */
  seen10: z.number(),
  seen20: z.number(),
  /** Last time anyone's view was recorded (ISO), null when never. */
  updatedAt: z.string().nullable(),
});
export type SlideCoverage = z.infer<typeof SlideCoverageSchema>;

export const SlideCoverageSummarySchema = z.object({
  slideId: z.string(),
  /** Someone opened the slide (slide views of the reports) or has a recorded view. */
  opened: z.boolean(),
  seen10: z.number(),
  seen20: z.number(),
  /** Opened and seen at ≥ 10× below the threshold of Settings. */
  belowThreshold: z.boolean(),
});
export type SlideCoverageSummary = z.infer<typeof SlideCoverageSummarySchema>;

export const CaseCoverageSchema = z.object({
  caseId: z.string(),
  thresholdPct: z.number(),
  slides: z.array(SlideCoverageSummarySchema),
});
export type CaseCoverage = z.infer<typeof CaseCoverageSchema>;
