/**
 * Why a case's download is held back or ended short, as a code the UI words in the user's
 * language (never an engine sentence: issue 9, no English inside the French interface).
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const DownloadNoticeSchema = z.discriminatedUnion('code', [
  /** Fetching the case failed for a reason the engine did not expect (details in its log). */
  z.object({ code: z.literal('failed') }),
  /** The archive refused the credentials. */
  z.object({ code: z.literal('refused') }),
  /** Done, but some slides could not be opened or some tiles not read. */
  z.object({
    code: z.literal('incomplete'),
    slidesFailed: count,
    slides: count,
    tilesFailed: count,
  }),
  /** The tile cache is at its size budget: only cases kept offline are fetched. */
  z.object({ code: z.literal('cache_full') }),
  /** The connection to the slides is slow: fetching resumes later. */
  z.object({ code: z.literal('slow') }),
  /** The slides cannot be reached: next try in `retryInSeconds`. */
  z.object({ code: z.literal('unreachable'), retryInSeconds: count }),
]);
export type DownloadNotice = z.infer<typeof DownloadNoticeSchema>;

/** What a finished case's failures come to: null when nothing failed. */
export function incompleteNotice(
  slidesFailed: number,
  slides: number,
  tilesFailed: number,
): DownloadNotice | null {
  return slidesFailed > 0 || tilesFailed > 0
    ? { code: 'incomplete', slidesFailed, slides, tilesFailed }
    : null;
}
