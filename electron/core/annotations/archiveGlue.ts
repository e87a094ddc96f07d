/**
 * A slide's annotations in its DICOMweb archive (issue 7): "Save to archive" and the
 * annotation objects already there (an AI model's results, another workstation's
 * annotations), for slides that come from an archive.
 *
 * Saving builds a DICOM Microscopy Bulk Simple Annotations object (archiveGroups.ts says
 * what goes in) from the slide's series metadata (cache.db has it once the slide was
 * opened, so saving works offline; otherwise one WADO-RS request) and hands it to the
 * archive's outbox: 'stored' when the archive has it, 'queued' while it waits.
 *
 * Each slide has one annotation series: every save is a new instance of it, numbered on
 * from the last one stored here (workstation.db) or, when the archive answers, from the
 * highest number it holds in that series; a slide saved before by another workstation
 * continues that workstation's series. Saves of one slide run one after the other.
 *
 * Listing reads every annotation object of the slide from the archive (QIDO-RS, series
 * metadata, WADO-RS instances); it needs the archive. Nothing of it is copied into
 * workstation.db: the window draws them as a read-only layer.
 */
import type { AnnotationClass, Spacing } from '../../common/annotations';
import type { Annotation, ArchiveAnnotationObject, Language } from '../../common/contract';
import { WorkstationError, toWorkstationError } from '../../common/errors';
import type { ArchiveState } from '../archive/archiveService';
import type { AuditLog } from '../audit/auditLog';
import type { SlideLocator } from '../cases/caseRepository';
import type { WorkstationDb } from '../db/open';
import type { DicomJson } from '../sources/dicom/dicomJson';
import type { DicomwebClient } from '../sources/dicomweb/client';
import type { SeriesMetadataCache } from '../sources/openLocator';
import { mapLimit } from '../util/mapLimit';
import { fromAnnGroup, toAnnGroups } from './archiveGroups';
import type { AnnSummary, ReferencedImage } from './dicomAnn';
import {
  buildAnnObject,
  findAnnotationSeries,
  fromSeriesMetadata,
  loadAnnotations,
  newUid,
} from './dicomAnn';

/** Annotation objects read at once while listing (each is one WADO-RS instance request). */
const LOAD_CONCURRENCY = 2;

export const NOT_FROM_ARCHIVE =
  'This slide is not from an archive: its annotations stay on this computer (export them as GeoJSON to share them).';

export interface ArchiveSlide {
  archiveId: string;
  studyUID: string;
  seriesUID: string;
}

/** What the glue needs of the archives (ArchiveService). */
export interface ArchiveAccess {
  client(archiveId: string): DicomwebClient;
  storeAnnotations(
    archiveId: string,
    object: { studyUID: string; slideSeriesUID: string; sopInstanceUID: string; bytes: Uint8Array },
  ): Promise<'stored' | 'queued'>;
  /** Whether the archive is known to be out of reach now (a save then skips asking it). */
  state(archiveId: string): ArchiveState;
}

export interface ArchiveGlueDeps {
  db: WorkstationDb;
  archives: ArchiveAccess;
  /** Where the slide comes from; throws not_found for an unknown slide. */
  locator(slideId: string): SlideLocator;
  /** Series metadata kept in cache.db (the same the slide was opened with). */
  seriesMetadata?: SeriesMetadataCache;
  annotations(slideId: string): Annotation[];
  classes(): AnnotationClass[];
  language(): Language;
  /** The pathologist's name for Content Creator's Name, or null when not set. */
  creatorName(): string | null;
  /** The application's version (Software Versions). */
  version: string;
  audit?: AuditLog;
  now?: () => Date;
}

export interface SaveResult {
  result: 'stored' | 'queued';
  sopInstanceUID: string;
  instanceNumber: number;
  annotations: number;
}

interface SeriesRow {
  ann_series_uid: string;
  last_instance_number: number;
}

/** The archive slide a locator points at; invalid_argument for a slide of this computer. */
export function archiveSlideOf(locator: SlideLocator): ArchiveSlide {
  if (locator.kind !== 'dicomweb') throw new WorkstationError('invalid_argument', NOT_FROM_ARCHIVE);
  return { archiveId: locator.archiveId, studyUID: locator.studyUID, seriesUID: locator.seriesUID };
}

/** µm per pixel from DICOM Pixel Spacing (mm, rows then columns). */
export function spacingOf(referenced: ReferencedImage): Spacing {
  const s = referenced.pixelSpacing;
  return s === null ? null : { x: s[1] * 1000, y: s[0] * 1000 };
}

export class ArchiveAnnotations {
  private readonly stmts;
  /** The save in progress per slide series: the next one waits for it (instance numbers). */
  private readonly saving = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ArchiveGlueDeps) {
    this.stmts = {
      get: deps.db.prepare<[string], SeriesRow>(
        'SELECT ann_series_uid, last_instance_number FROM archive_annotation_series WHERE slide_series_uid = ?',
      ),
      put: deps.db.prepare(`
        INSERT INTO archive_annotation_series
          (slide_series_uid, study_uid, ann_series_uid, last_instance_number, last_sop_instance_uid, updated_at)
        VALUES (@slide, @study, @series, @number, @sop, @now)
        ON CONFLICT (slide_series_uid) DO UPDATE SET ann_series_uid = excluded.ann_series_uid,
          last_instance_number = excluded.last_instance_number,
          last_sop_instance_uid = excluded.last_sop_instance_uid, updated_at = excluded.updated_at`),
    };
  }

  slide(slideId: string): ArchiveSlide {
    return archiveSlideOf(this.deps.locator(slideId));
  }

  /** The slide's level 0 and what an annotation object copies from it. */
  async referenced(slide: ArchiveSlide, signal?: AbortSignal): Promise<ReferencedImage> {
    let metadata: DicomJson[] | null =
      (await this.deps.seriesMetadata?.get(slide.seriesUID)) ?? null;
    if (metadata === null) {
      try {
        metadata = await this.deps.archives
          .client(slide.archiveId)
          .seriesMetadata(slide.studyUID, slide.seriesUID, signal);
      } catch (e) {
        const error = toWorkstationError(e);
        if (error.code !== 'unavailable') throw error;
        throw new WorkstationError(
          'unavailable',
          'The archive cannot be reached, and this slide has not been opened on this computer yet: open it once while the archive answers.',
        );
      }
      this.deps.seriesMetadata?.put(slide.seriesUID, metadata);
    }
    return fromSeriesMetadata(metadata);
  }

  /** Stores the slide's annotations in the archive (see the file comment). */
  save(slideId: string): Promise<SaveResult> {
    const slide = this.slide(slideId);
    const previous = this.saving.get(slide.seriesUID) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.saveNow(slideId, slide));
    this.saving.set(slide.seriesUID, next);
    void next
      .finally(() => {
        if (this.saving.get(slide.seriesUID) === next) this.saving.delete(slide.seriesUID);
      })
      .catch(() => undefined);
    return next;
  }

  private async saveNow(slideId: string, slide: ArchiveSlide): Promise<SaveResult> {
    const referenced = await this.referenced(slide);
    const { groups, annotations } = toAnnGroups(
      this.deps.annotations(slideId),
      this.deps.classes(),
      { spacing: spacingOf(referenced), language: this.deps.language() },
    );
    if (groups.length === 0) {
      throw new WorkstationError(
        'invalid_argument',
        'This slide has no annotation to save (detections not accepted yet are not saved).',
      );
    }
    const series = await this.nextInSeries(slide);
    const creator = this.deps.creatorName();
    const built = buildAnnObject({
      groups,
      referenced,
      equipment: { softwareVersion: this.deps.version },
      now: this.deps.now?.() ?? new Date(),
      seriesUid: series.uid,
      instanceNumber: series.number,
      ...(creator ? { creatorName: creator } : {}),
    });
    const result = await this.deps.archives.storeAnnotations(slide.archiveId, {
      studyUID: built.studyUID,
      slideSeriesUID: slide.seriesUID,
      sopInstanceUID: built.sopInstanceUID,
      bytes: built.bytes,
    });
    // Stored or queued, the object is kept (archive or outbox): its number is taken.
    this.stmts.put.run({
      slide: slide.seriesUID,
      study: slide.studyUID,
      series: series.uid,
      number: series.number,
      sop: built.sopInstanceUID,
      now: new Date().toISOString(),
    });
    this.deps.audit?.record(
      'annotation.archive.save',
      { type: 'slide', id: slideId },
      { result, annotations, instanceNumber: series.number },
    );
    return {
      result,
      sopInstanceUID: built.sopInstanceUID,
      instanceNumber: series.number,
      annotations,
    };
  }

  /** The slide's annotation series and the next instance number (see the file comment). */
  private async nextInSeries(slide: ArchiveSlide): Promise<{ uid: string; number: number }> {
    const local = this.stmts.get.get(slide.seriesUID);
    let found: AnnSummary[] = [];
    const state = this.deps.archives.state(slide.archiveId);
    if (state !== 'offline' && state !== 'unauthorized') {
      try {
        found = await findAnnotationSeries(
          this.deps.archives.client(slide.archiveId),
          slide.studyUID,
          slide.seriesUID,
        );
      } catch {
        // Out of reach (or refusing the search): the local record goes on alone.
      }
    }
    const ours = found.filter((f) => f.ours);
    const uid = local?.ann_series_uid ?? ours[ours.length - 1]?.seriesUID ?? newUid();
    const inArchive = ours
      .filter((f) => f.seriesUID === uid)
      .reduce((max, f) => Math.max(max, f.instanceNumber ?? 0), 0);
    return { uid, number: Math.max(local?.last_instance_number ?? 0, inArchive) + 1 };
  }

  /** The slide's annotation objects in the archive, oldest first (see the file comment). */
  async list(slideId: string, signal?: AbortSignal): Promise<ArchiveAnnotationObject[]> {
    const slide = this.slide(slideId);
    const referenced = await this.referenced(slide, signal);
    const client = this.deps.archives.client(slide.archiveId);
    const found = await findAnnotationSeries(client, slide.studyUID, slide.seriesUID, {
      slideInstanceUIDs: Object.keys(referenced.imageSizes),
      ...(signal ? { signal } : {}),
    });
    const ownSeries = this.stmts.get.get(slide.seriesUID)?.ann_series_uid ?? null;
    const latest = new Map<string, number>();
    for (const f of found) {
      latest.set(f.seriesUID, Math.max(latest.get(f.seriesUID) ?? 0, f.instanceNumber ?? 0));
    }
    const classes = this.deps.classes();
    return mapLimit(found, LOAD_CONCURRENCY, async (f): Promise<ArchiveAnnotationObject> => {
      const base = {
        sopInstanceUID: f.sopInstanceUID,
        seriesUID: f.seriesUID,
        instanceNumber: f.instanceNumber,
        contentDateTime: f.contentDateTime,
        creatorName: f.creatorName,
        description: f.contentDescription,
        manufacturer: f.manufacturer,
        savedHere: f.seriesUID === ownSeries,
        superseded: (f.instanceNumber ?? 0) < (latest.get(f.seriesUID) ?? 0),
      };
      try {
        const object = await loadAnnotations(client, f, {
          slide: referenced,
          ...(signal ? { signal } : {}),
        });
        return { ...base, error: null, groups: object.groups.map((g) => fromAnnGroup(g, classes)) };
      } catch (e) {
        const error = toWorkstationError(e);
        // One unreadable object does not hide the others; losing the archive does.
        if (error.code === 'unavailable' || error.code === 'unauthorized' || signal?.aborted)
          throw error;
        return { ...base, error: { code: error.code, message: error.message }, groups: [] };
      }
    });
  }
}
