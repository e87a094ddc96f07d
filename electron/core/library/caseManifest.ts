/**
 * `case.json`: optional sidecar in a case folder of a local library, giving the case what
 * a file name cannot (patient, specimen, priority). The embedded demo library is a local
 * library whose every case folder has one. See README, "Local library".
 */
import { z } from 'zod';
import { CaseStatusSchema, PatientSchema, PrioritySchema } from '../../common/contract';
import { BlockIdSchema, PartIdSchema } from '../../common/caseContext/model';
import { ScanAreaSchema } from '../../common/caseContext/scanArea';

export const CASE_MANIFEST_FILE = 'case.json';

export const CaseManifestSchema = z.object({
  accession: z.string().min(1).max(64),
  patient: PatientSchema.optional(),
  specimen: z.string().max(2000).optional(),
  priority: PrioritySchema.optional(),
  status: CaseStatusSchema.optional(),
  /** ISO 8601 date-time. */
  receivedAt: z.string().optional(),
  /** Per-file slide details; files not listed still appear, with a label from the name. */
  slides: z
    .array(
      z.object({
        file: z.string().min(1),
        label: z.string().max(64).optional(),
        stain: z.string().max(64).optional(),
        /** The block the slide was cut from ('A1'); read from the label when absent. */
        block: BlockIdSchema.optional(),
        /**
         * Where the slide's macro image shows the scanned area (README, "case.json"):
         * fractions of the macro image, origin at its top left.
         */
        scanArea: ScanAreaSchema.optional(),
      }),
    )
    .optional(),
  /** Clinical information given with the request (history, question asked). */
  clinicalInfo: z.string().max(4000).optional(),
  /** The specimen's parts (containers), in order: 'A', 'B'... */
  parts: z
    .array(z.object({ id: PartIdSchema, description: z.string().max(2000).optional() }))
    .max(52)
    .optional(),
  /** The blocks (cassettes) of the parts, in order: 'A1', 'A2'... */
  blocks: z
    .array(
      z.object({
        id: BlockIdSchema,
        /** Default: the block id's letters ('A' for 'A1'). */
        part: PartIdSchema.optional(),
        description: z.string().max(2000).optional(),
      }),
    )
    .max(500)
    .optional(),
  /** Conclusion of the report signed in the laboratory system, shown for this case as a prior. */
  conclusion: z.string().max(4000).optional(),
});
export type CaseManifest = z.infer<typeof CaseManifestSchema>;
