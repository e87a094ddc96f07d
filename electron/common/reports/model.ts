/**
 * Reports as they cross the contract (issue 8). Pure: zod schemas and inferred types.
 *
 * A case has at most one report. While it is a draft, every save is a numbered version
 * (earlier ones can be browsed and restored). Signing freezes the content with its SHA-256
 * hash, the signer and the time; the case becomes "signed out" for good. After signing,
 * only signed addenda can be added; the original never changes.
 *
 * Templates (resources/templates/*.json) pre-fill sections and add a synoptic checklist:
 * items with pick lists, numbers with units or free text, required or optional, and rules
 * between items (an item required or shown only when another has a given answer).
 */
import { z } from 'zod';
import { SLIDE_ID_PATTERN } from '../pyramid';
import { UserIdSchema } from '../users/model';

const CaseId = z.string().regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');

/** The report's sections, in the order of the editor, the PDF and Tab. */
export const REPORT_SECTIONS = [
  'clinical',
  'macroscopy',
  'microscopy',
  'conclusion',
  'comment',
] as const;
export const ReportSectionIdSchema = z.enum(REPORT_SECTIONS);
export type ReportSectionId = z.infer<typeof ReportSectionIdSchema>;

/** Longest text of one section (characters). */
export const MAX_SECTION_CHARS = 100_000;

export const ReportSectionsSchema = z
  .object({
    clinical: z.string().max(MAX_SECTION_CHARS),
    macroscopy: z.string().max(MAX_SECTION_CHARS),
    microscopy: z.string().max(MAX_SECTION_CHARS),
    conclusion: z.string().max(MAX_SECTION_CHARS),
    comment: z.string().max(MAX_SECTION_CHARS),
  })
  .strict();
export type ReportSections = z.infer<typeof ReportSectionsSchema>;

export const EMPTY_SECTIONS: ReportSections = {
  clinical: '',
  macroscopy: '',
  microscopy: '',
  conclusion: '',
  comment: '',
};

/** A text in both languages of the interface. */
export const BilingualSchema = z.object({ fr: z.string().min(1), en: z.string().min(1) }).strict();
export type Bilingual = z.infer<typeof BilingualSchema>;

const ItemId = z
  .string()
  .regex(/^[a-z0-9_]{1,60}$/, 'must be 1-60 lower-case letters, digits or _');

export const SynopticOptionSchema = z
  .object({ id: ItemId, label: BilingualSchema, code: z.string().max(40).optional() })
  .strict();

export const SYNOPTIC_KINDS = ['choice', 'multi', 'number', 'text'] as const;

export const SynopticItemSchema = z
  .object({
    id: ItemId,
    label: BilingualSchema,
    kind: z.enum(SYNOPTIC_KINDS),
    required: z.boolean(),
    /** Pick list of 'choice' (one) and 'multi' (several). */
    options: z.array(SynopticOptionSchema).optional(),
    /** Unit of a 'number', UCUM where one exists: "mm", "%", "/mm2". */
    unit: z.string().max(20).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Decimal places allowed for a 'number'. */
    decimals: z.number().int().min(0).max(4).optional(),
    /** LOINC or SNOMED code of the item when one exists (FHIR Observation.code). */
    code: z.string().max(40).optional(),
    help: BilingualSchema.optional(),
  })
  .strict();
export type SynopticItem = z.infer<typeof SynopticItemSchema>;

/**
 * A rule between items: when item `when` has one of the answers `equals`, the items of
 * `items` are required (`then: 'require'`) or shown at all (`then: 'show'`: hidden and not
 * required otherwise).
 */
export const SynopticRuleSchema = z
  .object({
    when: ItemId,
    equals: z.array(z.string()).min(1),
    then: z.enum(['require', 'show']),
    items: z.array(ItemId).min(1),
  })
  .strict();
export type SynopticRule = z.infer<typeof SynopticRuleSchema>;

export const ReportTemplateSchema = z
  .object({
    id: ItemId,
    /** The specimen type it is for. */
    name: BilingualSchema,
    /** Where its items come from, for example "ICCR Invasive carcinoma of the breast, 2nd ed.". */
    basedOn: z.string().max(200),
    /** Text the sections start with, in each language. */
    sections: z
      .object({
        clinical: BilingualSchema.optional(),
        macroscopy: BilingualSchema.optional(),
        microscopy: BilingualSchema.optional(),
        conclusion: BilingualSchema.optional(),
        comment: BilingualSchema.optional(),
      })
      .strict(),
    items: z.array(SynopticItemSchema).min(1),
    rules: z.array(SynopticRuleSchema),
  })
  .strict();
export type ReportTemplate = z.infer<typeof ReportTemplateSchema>;

/** Answers of the checklist: an option id, several, a number, a text; null when unanswered. */
export const SynopticValueSchema = z.union([
  z.string().max(2000),
  z.array(z.string().max(60)).max(50),
  z.number(),
  z.null(),
]);
export const SynopticValuesSchema = z.record(ItemId, SynopticValueSchema);
export type SynopticValues = z.infer<typeof SynopticValuesSchema>;

export const SNAPSHOT_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const ReportSnapshotSchema = z.object({
  id: z.string().regex(SNAPSHOT_ID_PATTERN),
  slideId: z.string().regex(SLIDE_ID_PATTERN).nullable(),
  caption: z.string().max(500),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  createdAt: z.string(),
});
export type ReportSnapshot = z.infer<typeof ReportSnapshotSchema>;
/** Largest snapshot (PNG or JPEG bytes) a report takes. */
export const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

export const ReportSignerSchema = z.object({
  id: UserIdSchema,
  name: z.string(),
  title: z.string(),
});
export type ReportSigner = z.infer<typeof ReportSignerSchema>;

/** What the pathologist writes: the draft, and the frozen content once signed. */
export const ReportContentSchema = z
  .object({
    templateId: ItemId.nullable(),
    sections: ReportSectionsSchema,
    synoptic: SynopticValuesSchema,
    snapshotIds: z.array(z.string().regex(SNAPSHOT_ID_PATTERN)).max(50),
  })
  .strict();
export type ReportContent = z.infer<typeof ReportContentSchema>;

export const ReportVersionSchema = z.object({
  version: z.number().int().positive(),
  savedAt: z.string(),
  author: ReportSignerSchema.nullable(),
});
export type ReportVersion = z.infer<typeof ReportVersionSchema>;

/** A check before signing: blocking ones must be fixed; warnings can be overridden with a reason. */
export const SIGN_CHECK_CODES = [
  'required_item_missing',
  'conclusion_empty',
  'slide_never_opened',
  'slide_low_coverage',
  'no_user',
  /** A synoptic answer that does not fit its item (option gone, number out of range). */
  'invalid_value',
] as const;
export const SignCheckSchema = z.object({
  code: z.enum(SIGN_CHECK_CODES),
  severity: z.enum(['blocking', 'warning']),
  /** The synoptic item or slide it is about, if any. */
  subject: z.string().nullable(),
});
export type SignCheck = z.infer<typeof SignCheckSchema>;

export const OverrideSchema = z
  .object({
    code: z.enum(SIGN_CHECK_CODES),
    subject: z.string().nullable(),
    reason: z.string().trim().min(3).max(500),
  })
  .strict();
export type Override = z.infer<typeof OverrideSchema>;

export const SignatureSchema = z.object({
  signer: ReportSignerSchema,
  signedAt: z.string(),
  /** SHA-256 (hex) of the canonical JSON of what was signed. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Signature = z.infer<typeof SignatureSchema>;

export const AddendumSchema = z.object({
  id: z.string(),
  text: z.string().min(1).max(MAX_SECTION_CHARS),
  signature: SignatureSchema,
});
export type Addendum = z.infer<typeof AddendumSchema>;

export const ReportStateSchema = z.object({
  caseId: CaseId,
  status: z.enum(['none', 'draft', 'signed']),
  /** The latest draft, or the signed content. */
  content: ReportContentSchema,
  /** Version of `content` (0 when nothing was saved yet). */
  version: z.number().int().nonnegative(),
  savedAt: z.string().nullable(),
  signature: SignatureSchema.nullable(),
  overrides: z.array(OverrideSchema),
  addenda: z.array(AddendumSchema),
  snapshots: z.array(ReportSnapshotSchema),
});
export type ReportState = z.infer<typeof ReportStateSchema>;

export const AutotextEntrySchema = z
  .object({
    /** What is typed: a dot and letters, "`.neg`". */
    abbreviation: z
      .string()
      .regex(/^\.[\p{L}\p{N}_-]{1,30}$/u, 'must be a dot and 1-30 letters or digits'),
    text: z.string().min(1).max(5000),
  })
  .strict();
export type AutotextEntry = z.infer<typeof AutotextEntrySchema>;
export const MAX_AUTOTEXT_ENTRIES = 500;

export const REPORT_EXPORT_FORMATS = ['pdf', 'fhir'] as const;
