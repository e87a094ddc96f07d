/** The contract's calls for reports, templates and autotext (see model.ts). */
import { z } from 'zod';
import { call } from '../call';
import { PinSchema } from '../users/model';
import {
  AutotextEntrySchema,
  MAX_AUTOTEXT_ENTRIES,
  MAX_SNAPSHOT_BYTES,
  OverrideSchema,
  REPORT_EXPORT_FORMATS,
  ReportContentSchema,
  ReportSnapshotSchema,
  ReportStateSchema,
  ReportTemplateSchema,
  ReportVersionSchema,
  SignCheckSchema,
} from './model';
import { SLIDE_ID_PATTERN } from '../pyramid';

const CaseId = z.string().regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');
const SlideId = CaseId;
const Empty = z.object({}).strict();
/** Base64 of MAX_SNAPSHOT_BYTES. */
export const MAX_SNAPSHOT_BASE64_CHARS = Math.ceil(MAX_SNAPSHOT_BYTES / 3) * 4;

export const reportCalls = {
  /** Every template of resources/templates, validated. */
  listReportTemplates: call(Empty, z.array(ReportTemplateSchema)),
  getReport: call(z.object({ caseId: CaseId }).strict(), ReportStateSchema),
  /**
   * Saves the draft as a new version (a no-op when nothing changed). Refused with
   * `conflict` once the report is signed, and with `locked` while the session is locked.
   */
  saveReportDraft: call(
    z.object({ caseId: CaseId, content: ReportContentSchema }).strict(),
    ReportStateSchema,
  ),
  listReportVersions: call(z.object({ caseId: CaseId }).strict(), z.array(ReportVersionSchema)),
  getReportVersion: call(
    z.object({ caseId: CaseId, version: z.number().int().positive() }).strict(),
    z.object({ version: ReportVersionSchema, content: ReportContentSchema }),
  ),
  /** Stores an image (PNG or JPEG, base64) with the report; add its id to the content to show it. */
  addReportSnapshot: call(
    z
      .object({
        caseId: CaseId,
        slideId: SlideId.nullable(),
        caption: z.string().max(500),
        imageBase64: z.string().max(MAX_SNAPSHOT_BASE64_CHARS),
      })
      .strict(),
    ReportSnapshotSchema,
  ),
  getReportSnapshot: call(
    z.object({ caseId: CaseId, snapshotId: z.string().max(80) }).strict(),
    z.object({ mimeType: z.enum(['image/png', 'image/jpeg']), imageBase64: z.string() }),
  ),
  /** What stands in the way of signing now: blocking problems and warnings. */
  checkSignOut: call(z.object({ caseId: CaseId }).strict(), z.array(SignCheckSchema)),
  /**
   * Signs the current draft with the current user's PIN: refused (invalid_argument) while a
   * blocking check remains or a warning has no override with a reason.
   */
  signReport: call(
    z
      .object({ caseId: CaseId, pin: PinSchema, overrides: z.array(OverrideSchema).max(100) })
      .strict(),
    ReportStateSchema,
  ),
  addAddendum: call(
    z
      .object({ caseId: CaseId, pin: PinSchema, text: z.string().trim().min(1).max(100_000) })
      .strict(),
    ReportStateSchema,
  ),
  /** The signed report as a PDF (base64) or a FHIR R4 Bundle (JSON text). */
  exportReport: call(
    z.object({ caseId: CaseId, format: z.enum(REPORT_EXPORT_FORMATS) }).strict(),
    z.object({ mimeType: z.string(), fileName: z.string(), data: z.string() }),
  ),
  /** The current user's autotext (the workstation's when nobody is chosen). */
  listAutotext: call(Empty, z.array(AutotextEntrySchema)),
  setAutotext: call(
    z.object({ entries: z.array(AutotextEntrySchema).max(MAX_AUTOTEXT_ENTRIES) }).strict(),
    z.array(AutotextEntrySchema),
  ),
} as const;
