/**
 * THE api between the renderer and the workstation engine. Every call is declared once
 * here, as zod schemas for its argument and its result. The Electron IPC handlers, the
 * preload bridge, the web host's HTTP routes and the renderer's client are all derived
 * from this object (see rpc.ts); nothing is written per call anywhere else.
 */
import { z } from 'zod';
import { DownloadNoticeSchema } from './downloadNotice';
import { ScanAreaSchema } from './caseContext/scanArea';
import { ASSOCIATED_NAMES, LevelSchema, SLIDE_ID_PATTERN } from './pyramid';
import {
  AnnotationClassIdSchema,
  AnnotationClassInputSchema,
  AnnotationClassSchema,
  AnnotationIdSchema,
  AnnotationInputSchema,
  AnnotationSchema,
  DetectionStatusSchema,
} from './annotations/model';
import { GeometrySchema } from './annotations/geometry';
import { call } from './call';
import { reportCalls } from './reports/calls';
import { userCalls } from './users/calls';
import { speechCalls } from './speech/calls';
import { trackingCalls } from './tracking/calls';
import { worklistCalls } from './worklist/calls';
import { AssignedToSchema } from './worklist/model';
import { caseContextCalls } from './caseContext/calls';

const id = z.string().regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');
export const CaseIdSchema = id;
export const SlideIdSchema = id;

export const PRIORITIES = ['frozen', 'urgent', 'routine'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const CASE_STATUSES = ['new', 'in_progress', 'pending_ihc', 'signed_out'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const SexSchema = z.enum(['F', 'M', 'O']);

export const PatientSchema = z.object({
  name: z.string(),
  id: z.string(),
  /** ISO date (YYYY-MM-DD) or null when unknown. */
  birthDate: z.string().nullable(),
  sex: SexSchema.nullable(),
});
export type Patient = z.infer<typeof PatientSchema>;

export const CaseSourceSchema = z.enum(['demo', 'local', 'archive']);

export const CaseSummarySchema = z.object({
  id: CaseIdSchema,
  accession: z.string(),
  patient: PatientSchema,
  specimen: z.string(),
  priority: PrioritySchema,
  status: CaseStatusSchema,
  /** ISO 8601 date-time the specimen was received. */
  receivedAt: z.string(),
  slideCount: z.number().int().nonnegative(),
  source: CaseSourceSchema,
  /** The stains of the case's slides, each once, in slide order (worklist search). */
  stains: z.array(z.string()),
  /** Who reads the case (worklist/model.ts); null when nobody is assigned. */
  assignedTo: AssignedToSchema.nullable(),
  /** ISO 8601 date-time the case was signed out, null until then ("signed today"). */
  signedAt: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const StainKindSchema = z.enum(['HE', 'IHC', 'special', 'other']);
export type StainKind = z.infer<typeof StainKindSchema>;

export const AssociatedNameSchema = z.enum(ASSOCIATED_NAMES);

export const ErrorInfoSchema = z.object({ code: z.string(), message: z.string() });

export const SlideSummarySchema = z.object({
  id: SlideIdSchema,
  caseId: CaseIdSchema,
  /** 1-based position in the case; also the number key that opens it. */
  position: z.number().int().positive(),
  label: z.string(),
  stain: z.string(),
  stainKind: StainKindSchema,
  /** Set when the slide cannot be read; the rest of the case still works. */
  error: ErrorInfoSchema.nullable(),
  /** Label, macro and thumbnail images the slide has; null until it has been opened once. */
  associated: z.array(AssociatedNameSchema).nullable(),
  /** The block ('A1') the slide was cut from, as its source says; null or absent when unknown. */
  block: z.string().nullable().optional(),
  /**
   * Where the macro image shows the scanned area (caseContext/scanArea.ts), as case.json or
   * the DICOM OVERVIEW and VOLUME give it; null or absent when the source does not say.
   */
  scanArea: ScanAreaSchema.nullable().optional(),
});
export type SlideSummary = z.infer<typeof SlideSummarySchema>;

/** 'demo': a real-size demo slide rendered on demand (core/sources/synthetic). */
export const SlideFormatSchema = z.enum(['aperio-svs', 'tiff', 'bigtiff', 'dicom', 'demo']);
export type SlideFormat = z.infer<typeof SlideFormatSchema>;

export const SlideInfoSchema = z.object({
  slideId: SlideIdSchema,
  format: SlideFormatSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Microns per pixel at level 0, or null when the file does not say. */
  mpp: z.object({ x: z.number().positive(), y: z.number().positive() }).nullable(),
  objectivePower: z.number().positive().nullable(),
  levels: z.array(LevelSchema).min(1),
  associated: z.array(AssociatedNameSchema),
  /** The scanned area on the macro, where the file itself says it (DICOM); else absent. */
  scanArea: ScanAreaSchema.nullable().optional(),
});
export type SlideInfo = z.infer<typeof SlideInfoSchema>;

export { LanguageSchema, type Language } from './language';

import { SettingsSchema } from './settings';
export { CACHE_BUDGET_GB, DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings';

export const FolderScanErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  /** Why a whole folder could not be read (errors.ts ERROR_REASONS: folder_missing…). */
  reason: z.string().optional(),
});
export type FolderScanError = z.infer<typeof FolderScanErrorSchema>;

// ---------------------------------------------------------------------------------------
// Archives (DICOMweb), connectivity, downloads.

export const ArchiveAuthKindSchema = z.enum(['none', 'basic', 'bearer']);

export const ArchiveStateSchema = z.enum(['unknown', 'online', 'offline', 'unauthorized']);
export type ArchiveState = z.infer<typeof ArchiveStateSchema>;

/**
 * Where archive passwords and tokens are kept: sealed by the OS keychain (DPAPI, Keychain,
 * libsecret, KWallet), only obfuscated (Linux with no keyring: safeStorage's basic_text),
 * or as they are in the data folder (the web host, or no safeStorage at all).
 */
export const SecretStorageSchema = z.enum(['keychain', 'obfuscated', 'plain']);
export type SecretStorage = z.infer<typeof SecretStorageSchema>;

/** An archive as the renderer sees it: never its password or token, only whether one is set. */
export const ArchiveSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  authKind: ArchiveAuthKindSchema,
  user: z.string().nullable(),
  hasSecret: z.boolean(),
  lastSyncAt: z.string().nullable(),
  state: ArchiveStateSchema,
  message: z.string().nullable(),
  pendingChanges: z.number().int().nonnegative(),
});
export type Archive = z.infer<typeof ArchiveSchema>;

/** "Test connection" counts pathology studies up to this many (one cheap QIDO page). */
export const ARCHIVE_TEST_STUDY_LIMIT = 100;

const httpUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, 'must be an http:// or https:// address')
  // `user:password@` would be stored unsealed and shown in Settings: it goes in `auth`.
  .refine(
    (url) => !/^https?:\/\/[^/?#]*@/i.test(url),
    'must not contain a user name or password: enter them under Authentication',
  );

/**
 * A secret left out on update keeps the stored one, unless the address's origin, the kind
 * of authentication or the user name changes: then it must be entered again.
 */
export const ArchiveInputSchema = z
  .object({
    id: z.string().max(64).optional(),
    name: z.string().trim().min(1).max(100),
    baseUrl: httpUrl,
    auth: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }).strict(),
      z
        .object({
          kind: z.literal('basic'),
          user: z.string().min(1).max(256),
          password: z.string().max(4096).optional(),
        })
        .strict(),
      z.object({ kind: z.literal('bearer'), token: z.string().max(16_384).optional() }).strict(),
    ]),
  })
  .strict();
export type ArchiveInput = z.infer<typeof ArchiveInputSchema>;

/** What testing an archive found: studies answered, or why not (an error code). */
export const ArchiveTestResultSchema = z.object({
  ok: z.boolean(),
  code: z.string().nullable(),
  message: z.string(),
  studies: z.number().int(),
});
export type ArchiveTestResult = z.infer<typeof ArchiveTestResultSchema>;

export const DownloadStateSchema = z.enum(['queued', 'running', 'paused', 'done', 'error']);

/** How much of a case is in the local cache, and what the prefetcher is doing with it. */
export const CaseProgressSchema = z.object({
  caseId: CaseIdSchema,
  state: DownloadStateSchema,
  tilesDone: z.number().int().nonnegative(),
  tilesTotal: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  /** Marked "available offline": the whole pyramid is kept and never evicted. */
  pinned: z.boolean(),
  /** Why the case is held back or ended short, worded by the UI (downloadNotice.ts); null when all is well. */
  notice: DownloadNoticeSchema.nullable(),
});
export type CaseProgress = z.infer<typeof CaseProgressSchema>;

/** The demo library being written on first start: slides done of the total. */
export const DemoProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type DemoProgress = z.infer<typeof DemoProgressSchema>;

export const StatusSchema = z.object({
  /** The demo library being prepared (first start), or null. */
  demoLibrary: DemoProgressSchema.nullable(),
  /** False when any configured archive cannot be reached. */
  online: z.boolean(),
  archives: z.array(ArchiveSchema),
  /** Changes whenever the worklist changed (a sync, a rescan): reload it then. */
  worklistVersion: z.number().int().nonnegative(),
  downloads: z.object({
    /** Paused by the user. */
    paused: z.boolean(),
    /** Everything holding prefetching back right now (the user's pause included). */
    reasons: z.array(z.enum(['user', 'metered', 'slow', 'unavailable', 'cache_full'])),
    cases: z.array(CaseProgressSchema),
  }),
});
export type Status = z.infer<typeof StatusSchema>;

// ---------------------------------------------------------------------------------------
// Annotations (schemas in annotations/model.ts; geometry in level-0 slide pixels).

export {
  AnnotationClassInputSchema,
  AnnotationClassSchema,
  AnnotationInputSchema,
  AnnotationSchema,
  DetectionStatusSchema,
};
export type {
  Annotation,
  AnnotationClass,
  AnnotationClassInput,
  AnnotationInput,
  DetectionStatus,
} from './annotations/model';

/** Most objects (annotations and detections) one slide may hold: issue 7's AI overlays. */
export const MAX_ANNOTATIONS_PER_SLIDE = 100_000;
/**
 * Longest GeoJSON text accepted in one call: 100,000 detection outlines of ~40 vertices
 * written by QuPath take about 120 MB.
 */
export const MAX_GEOJSON_CHARS = 256 * 1024 * 1024;

export const annotationCalls = {
  /** Every annotation and detection of a slide, in the order they were made. */
  listAnnotations: call(z.object({ slideId: SlideIdSchema }).strict(), z.array(AnnotationSchema)),
  /**
   * Creates or changes one annotation (saved at once). With the id of a deleted one it comes
   * back as it was, which is how the viewer undoes a deletion.
   */
  saveAnnotation: call(z.object({ annotation: AnnotationInputSchema }).strict(), AnnotationSchema),
  deleteAnnotation: call(z.object({ id: AnnotationIdSchema }).strict(), z.object({})),
  /** Built-in classes first, then the user's, each with its colour and French and English names. */
  listAnnotationClasses: call(z.object({}).strict(), z.array(AnnotationClassSchema)),
  /** Creates or changes a user-defined class; built-in classes cannot be changed. */
  saveAnnotationClass: call(AnnotationClassInputSchema, AnnotationClassSchema),
  /**
   * Adds the features of a QuPath GeoJSON text (FeatureCollection, Feature or array of
   * Features) to a slide, in one transaction: all of them, or none and an invalid_argument
   * error naming the first bad feature and what is wrong with it. Classes the slide's
   * workstation does not know are created.
   */
  importAnnotations: call(
    z.object({ slideId: SlideIdSchema, geojson: z.string().max(MAX_GEOJSON_CHARS) }).strict(),
    z.object({
      imported: z.number().int().nonnegative(),
      detections: z.number().int().nonnegative(),
      classesCreated: z.number().int().nonnegative(),
    }),
  ),
  /**
   * The slide's annotations and pending or accepted detections as a QuPath GeoJSON
   * FeatureCollection; rejected detections only when asked.
   */
  exportAnnotations: call(
    z.object({ slideId: SlideIdSchema, includeRejected: z.boolean().optional() }).strict(),
    z.object({ geojson: z.string() }),
  ),
  /** Accepts (it becomes an annotation), rejects or resets detections, all or none. */
  setDetectionStatus: call(
    z
      .object({
        ids: z.array(AnnotationIdSchema).min(1).max(MAX_ANNOTATIONS_PER_SLIDE),
        status: DetectionStatusSchema,
      })
      .strict(),
    z.object({ updated: z.number().int().nonnegative() }),
  ),
} as const;

// ---------------------------------------------------------------------------------------
// Annotations in the archive (DICOM ANN objects) and AI heatmaps (issue 7).

export const ANN_GRAPHIC_TYPES = ['POINT', 'POLYLINE', 'POLYGON', 'ELLIPSE', 'RECTANGLE'] as const;

/** One annotation group of a DICOM annotation object, its shapes in level-0 slide pixels. */
export const ArchiveAnnotationGroupSchema = z.object({
  label: z.string(),
  description: z.string().nullable(),
  graphicType: z.enum(ANN_GRAPHIC_TYPES),
  generationType: z.enum(['MANUAL', 'SEMIAUTOMATIC', 'AUTOMATIC']),
  /** The model or program that made it (required by DICOM unless MANUAL). */
  algorithm: z.object({ name: z.string(), version: z.string() }).nullable(),
  /** Annotation Property Type, e.g. SCT 108369006 "Neoplasm". */
  propertyType: z.object({ scheme: z.string(), code: z.string(), meaning: z.string() }),
  /** The workstation class the group stands for, when its code or label names one. */
  classId: AnnotationClassIdSchema.nullable(),
  /** Rectangles and ellipses along the axes stay so; turned ones become polygons. */
  geometries: z.array(GeometrySchema),
});
export type ArchiveAnnotationGroup = z.infer<typeof ArchiveAnnotationGroupSchema>;

export const ArchiveAnnotationObjectSchema = z.object({
  sopInstanceUID: z.string(),
  seriesUID: z.string(),
  instanceNumber: z.number().int().nullable(),
  /** ISO date-time of the content, or null when the object does not say. */
  contentDateTime: z.string().nullable(),
  creatorName: z.string().nullable(),
  description: z.string().nullable(),
  manufacturer: z.string().nullable(),
  /** Stored by "Save to archive" on this workstation (the slide's own annotation series). */
  savedHere: z.boolean(),
  /** An older instance of an annotation series that holds a newer one. */
  superseded: z.boolean(),
  /**
   * Why the object could not be read (its groups are then empty), or null: an error code the
   * UI words in the user's language, with the engine's message as detail.
   */
  error: ErrorInfoSchema.nullable(),
  groups: z.array(ArchiveAnnotationGroupSchema),
});
export type ArchiveAnnotationObject = z.infer<typeof ArchiveAnnotationObjectSchema>;

/** A heatmap grid is at most this many cells a side (stored in workstation.db). */
export const MAX_HEATMAP_SIDE = 1024;
/** Base64 of a PNG of at most 1024 × 1024 cells, even 16-bit RGBA and badly compressed. */
export const MAX_HEATMAP_PNG_CHARS = 12 * 1024 * 1024;
/** Heatmaps one slide may hold. */
export const MAX_HEATMAPS_PER_SLIDE = 50;

export const HeatmapExtentSchema = z
  .object({
    x: z.number().finite(),
    y: z.number().finite(),
    width: z.number().finite().positive(),
    height: z.number().finite().positive(),
  })
  .strict();
export type HeatmapExtent = z.infer<typeof HeatmapExtentSchema>;

/** What is wrong with a probability grid's values (checked by hand: up to 1,048,576 of them), or null. */
export function gridValuesProblem(values: unknown): string | null {
  if (!Array.isArray(values)) return 'must be a list of numbers';
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      return `value ${i} must be a probability from 0 to 1, or null for no value (got ${JSON.stringify(v)?.slice(0, 40)})`;
  }
  return null;
}

export const HeatmapGridSchema = z
  .object({
    width: z.number().int().min(1).max(MAX_HEATMAP_SIDE),
    height: z.number().int().min(1).max(MAX_HEATMAP_SIDE),
    /** Row by row from the top-left cell; null where there is no value. */
    values: z.custom<(number | null)[]>((v) => gridValuesProblem(v) === null, {
      error: (issue) => gridValuesProblem(issue.input) ?? 'invalid values',
    }),
  })
  .strict()
  .refine((g) => g.values.length === g.width * g.height, {
    message: 'values must hold width × height numbers',
    path: ['values'],
  });

export const HeatmapSchema = z.object({
  id: z.string(),
  slideId: SlideIdSchema,
  name: z.string(),
  extent: HeatmapExtentSchema,
  gridWidth: z.number().int().positive(),
  gridHeight: z.number().int().positive(),
  /** Base64 PNG, grey and alpha: grey = probability × 255, alpha 0 where there is no value. */
  png: z.string(),
  author: z.string(),
  createdAt: z.string(),
});
export type Heatmap = z.infer<typeof HeatmapSchema>;

export const archiveAndHeatmapCalls = {
  /**
   * Stores the slide's annotations (not pending or rejected detections) in its study as a
   * DICOM Microscopy Bulk Simple Annotations object, through STOW-RS: 'stored' when the
   * archive has it, 'queued' when it waits in the outbox. invalid_argument for a slide that
   * is not from an archive, or that has no annotation.
   */
  saveAnnotationsToArchive: call(
    z.object({ slideId: SlideIdSchema }).strict(),
    z.object({
      result: z.enum(['stored', 'queued']),
      sopInstanceUID: z.string(),
      instanceNumber: z.number().int().positive(),
      annotations: z.number().int().nonnegative(),
    }),
  ),
  /** The DICOM annotation objects of the slide in its archive (ours and others', an AI's), oldest first. */
  listArchiveAnnotations: call(
    z.object({ slideId: SlideIdSchema }).strict(),
    z.array(ArchiveAnnotationObjectSchema),
  ),
  /**
   * Adds a heatmap to a slide: a probability grid, as a greyscale PNG (grey = probability ×
   * 255; alpha 0 = no value) or as JSON, and where it lies on the slide (level-0 pixels).
   * The extent starts on the slide and may pass its right and bottom edges by less than one
   * cell (grids of fixed-size patches end with a partial one).
   */
  importHeatmap: call(
    z
      .object({
        slideId: SlideIdSchema,
        name: z.string().trim().min(1).max(200),
        extent: HeatmapExtentSchema,
        png: z.string().min(1).max(MAX_HEATMAP_PNG_CHARS).optional(),
        grid: HeatmapGridSchema.optional(),
      })
      .strict()
      .refine((a) => (a.png === undefined) !== (a.grid === undefined), {
        message: 'give the probabilities either as png (base64) or as grid, not both',
      }),
    HeatmapSchema,
  ),
  listHeatmaps: call(z.object({ slideId: SlideIdSchema }).strict(), z.array(HeatmapSchema)),
  deleteHeatmap: call(z.object({ id: z.string().max(80) }).strict(), z.object({})),
} as const;

const Empty = z.object({}).strict();

/**
 * What the engine did at start because workstation.db was damaged (electron/core/db/
 * recovery.ts): the damaged file is kept aside untouched, and the latest backup restored
 * (`restored`) or, with none, an empty database started (`empty`). The UI says it plainly.
 */
export const DatabaseRecoverySchema = z.object({
  outcome: z.enum(['restored', 'empty']),
  /** When the damage was found (ISO 8601). */
  at: z.string(),
  /** Name of the damaged file kept in the data folder. */
  damagedFile: z.string(),
  /** The backup now in use (in <dataDir>/backups), or null. */
  backupFile: z.string().nullable(),
  /** When that backup was taken: changes made after it are only in the damaged file. */
  backupTakenAt: z.string().nullable(),
});
export type DatabaseRecovery = z.infer<typeof DatabaseRecoverySchema>;

export const contract = {
  getAppInfo: call(
    Empty,
    z.object({
      version: z.string(),
      /** Locale of the operating system (BCP 47), used for the default language. */
      systemLocale: z.string(),
      dataDir: z.string(),
      /** How archive secrets are protected on this computer (Settings → Archives says it). */
      secretStorage: SecretStorageSchema,
      /** Set when workstation.db was found damaged at this start; null otherwise. */
      databaseRecovery: DatabaseRecoverySchema.nullable().optional(),
    }),
  ),
  listCases: call(Empty, z.array(CaseSummarySchema)),
  getCase: call(
    z.object({ caseId: CaseIdSchema }).strict(),
    z.object({ case: CaseSummarySchema, slides: z.array(SlideSummarySchema) }),
  ),
  getSlideInfo: call(z.object({ slideId: SlideIdSchema }).strict(), SlideInfoSchema),
  setCaseStatus: call(
    z.object({ caseId: CaseIdSchema, status: CaseStatusSchema }).strict(),
    CaseSummarySchema,
  ),
  getSettings: call(Empty, SettingsSchema),
  updateSettings: call(SettingsSchema.partial().strict(), SettingsSchema),
  /** Connectivity, worklist version and downloads; polled by the renderer. */
  getStatus: call(Empty, StatusSchema),
  listArchives: call(Empty, z.array(ArchiveSchema)),
  saveArchive: call(ArchiveInputSchema, ArchiveSchema),
  removeArchive: call(z.object({ id: z.string().max(64) }).strict(), z.object({})),
  testArchive: call(z.object({ id: z.string().max(64) }).strict(), ArchiveTestResultSchema),
  /**
   * Tests an archive as typed in the form, without saving it and without touching the state
   * of the archives the app uses (a failed test no longer takes the app offline). With `id`
   * and no secret, the stored secret is used where it may follow (same origin, kind, user).
   */
  testArchiveInput: call(ArchiveInputSchema, ArchiveTestResultSchema),
  /** Re-reads every archive's worklist now. */
  syncArchives: call(Empty, z.object({})),
  /** Marks a case "available offline" (fetch and keep its whole pyramid) or releases it. */
  setCaseOffline: call(
    z.object({ caseId: CaseIdSchema, offline: z.boolean() }).strict(),
    CaseProgressSchema,
  ),
  pauseDownloads: call(z.object({ caseId: CaseIdSchema.optional() }).strict(), z.object({})),
  resumeDownloads: call(z.object({ caseId: CaseIdSchema.optional() }).strict(), z.object({})),
  cancelDownload: call(z.object({ caseId: CaseIdSchema }).strict(), z.object({})),
  /**
   * What the renderer can tell of the network (Network Information API): prefetching
   * pauses on a metered ("save data") or slow link, and resumes when it is gone.
   */
  setNetworkHint: call(
    z.object({ metered: z.boolean(), slow: z.boolean() }).strict(),
    z.object({}),
  ),
  /** Re-reads the library folders; returns what was found and what could not be read. */
  rescanLibrary: call(
    Empty,
    z.object({
      cases: z.number().int().nonnegative(),
      slides: z.number().int().nonnegative(),
      errors: z.array(FolderScanErrorSchema),
    }),
  ),
  ...annotationCalls,
  ...archiveAndHeatmapCalls,
  ...reportCalls,
  ...userCalls,
  ...speechCalls,
  ...trackingCalls,
  ...worklistCalls,
  ...caseContextCalls,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export const METHODS = Object.keys(contract) as Method[];

export type ArgsOf<M extends Method> = z.input<Contract[M]['args']>;
export type ParsedArgsOf<M extends Method> = z.output<Contract[M]['args']>;
export type ResultOf<M extends Method> = z.output<Contract[M]['result']>;

/** What the renderer calls. */
export type Api = { [M in Method]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

/** What the engine implements. Arguments arrive already validated. */
export type Handlers = {
  [M in Method]: (
    args: ParsedArgsOf<M>,
  ) => Promise<z.input<Contract[M]['result']>> | z.input<Contract[M]['result']>;
};

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
