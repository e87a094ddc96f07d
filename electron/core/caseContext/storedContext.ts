/**
 * A case's context as stored in `cases.context` (migration 010): what its source says of
 * the clinical information, parts and blocks, and the conclusion of a report signed
 * outside this workstation (the laboratory system's, given in case.json).
 */
import { z } from 'zod';
import { CaseContextSchema, EMPTY_CONTEXT } from '../../common/caseContext/model';

export const StoredCaseContextSchema = CaseContextSchema.extend({
  conclusion: z.string().nullable(),
});
export type StoredCaseContext = z.infer<typeof StoredCaseContextSchema>;

/** The stored JSON read back; a malformed or missing value is an empty context, never an error. */
export function parseStoredContext(json: string | null): StoredCaseContext {
  if (json === null) return { ...EMPTY_CONTEXT, conclusion: null };
  try {
    const parsed = StoredCaseContextSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through: an unreadable value says nothing.
  }
  return { ...EMPTY_CONTEXT, conclusion: null };
}
