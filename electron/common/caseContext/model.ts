/**
 * The case in context (issue 9): clinical information, the specimen's parts and blocks, the
 * patient's earlier cases, and requests for stains, recuts and levels. Pure: zod schemas and
 * the types inferred from them.
 *
 * Naming follows the gross room: a part is one specimen container ('A', 'B'...), a block is
 * one cassette cut from a part ('A1', 'A2'...), and each slide is a section of one block.
 */
import { z } from 'zod';

/** 'A', 'B'... 'AA': a part of the specimen (one container). */
export const PART_ID_PATTERN = /^[A-Z]{1,3}$/;
/** 'A1', 'B12': a block (cassette) of a part. */
export const BLOCK_ID_PATTERN = /^[A-Z]{1,3}\d{1,3}$/;

export const PartIdSchema = z.string().regex(PART_ID_PATTERN, 'must be 1-3 capital letters');
export const BlockIdSchema = z
  .string()
  .regex(BLOCK_ID_PATTERN, 'must be a part letter followed by a number (A1)');

export const PartSchema = z.object({
  id: PartIdSchema,
  /** "Tumorectomie QSE gauche, orientée": as the laboratory system words it. */
  description: z.string().max(2000),
});
export type Part = z.infer<typeof PartSchema>;

export const BlockSchema = z.object({
  id: BlockIdSchema,
  part: PartIdSchema,
  /** "Tranche de section profonde", or '' when not given. */
  description: z.string().max(2000),
});
export type Block = z.infer<typeof BlockSchema>;

export const CaseContextSchema = z.object({
  /** Clinical information given with the request (history, question asked), or null. */
  clinicalInfo: z.string().nullable(),
  parts: z.array(PartSchema),
  blocks: z.array(BlockSchema),
});
export type CaseContext = z.infer<typeof CaseContextSchema>;

export const EMPTY_CONTEXT: CaseContext = { clinicalInfo: null, parts: [], blocks: [] };

/** An earlier case of the same patient. */
export const PriorCaseSchema = z.object({
  /** The case's id on this workstation, or null when it is not in the worklist (cannot be opened). */
  caseId: z.string().nullable(),
  accession: z.string(),
  /** ISO date (or date-time) of the case, or null when unknown. */
  date: z.string().nullable(),
  specimen: z.string(),
  /** Conclusion of the signed report where known (this workstation or the laboratory system). */
  conclusion: z.string().nullable(),
  source: z.enum(['demo', 'local', 'archive']),
  /** Name of the archive it was found in, for archive priors. */
  archiveName: z.string().nullable(),
});
export type PriorCase = z.infer<typeof PriorCaseSchema>;

export const PriorCasesSchema = z.object({
  priors: z.array(PriorCaseSchema),
  /** Archives that could not be asked (offline, refused): their priors may be missing. */
  unreachable: z.array(z.string()),
});
export type PriorCases = z.infer<typeof PriorCasesSchema>;

export const STAIN_REQUEST_KINDS = ['stain', 'recut', 'level'] as const;
export const StainRequestKindSchema = z.enum(STAIN_REQUEST_KINDS);
export type StainRequestKind = z.infer<typeof StainRequestKindSchema>;

/** Longest stain name (from the configurable list, or typed). */
export const MAX_STAIN_NAME = 40;
/** Most items in one request: a generous panel on every block of a large resection. */
export const MAX_REQUEST_ITEMS = 200;

export const StainRequestItemSchema = z
  .object({
    block: BlockIdSchema,
    kind: StainRequestKindSchema,
    /** The stain, for kind 'stain' (required then, absent otherwise). */
    stain: z.string().trim().min(1).max(MAX_STAIN_NAME).optional(),
  })
  .strict()
  .refine((i) => (i.kind === 'stain') === (i.stain !== undefined), {
    message: 'a stain is named for kind "stain", and only for it',
    path: ['stain'],
  });
export type StainRequestItem = z.infer<typeof StainRequestItemSchema>;

/** Where the request is in the outbox for the laboratory system. */
export const OutboxStateSchema = z.enum(['pending', 'written', 'failed']);

export const StainRequestSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  items: z.array(StainRequestItemSchema),
  note: z.string(),
  requestedAt: z.string(),
  requester: z.object({ id: z.string(), name: z.string(), title: z.string() }),
  outbox: z.object({
    state: OutboxStateSchema,
    /** File name in <dataDir>/outbox/lis, once written. */
    file: z.string().nullable(),
    error: z.string().nullable(),
  }),
});
export type StainRequest = z.infer<typeof StainRequestSchema>;

/** Stains offered in the request dialog until Settings says otherwise. */
export const DEFAULT_STAIN_LIST = [
  'HER2',
  'RE',
  'RP',
  'Ki-67',
  'CK AE1/AE3',
  'CK7',
  'CK20',
  'CD20',
  'CD3',
  'p63',
  'PAS',
  'Perls',
] as const;
