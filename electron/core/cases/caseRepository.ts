/**
 * Cases and slides in workstation.db. Prepared statements only; values are always bound.
 */
import { createHash } from 'node:crypto';
import type { CaseStatus, CaseSummary, Priority, SlideSummary } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import type { AssociatedName } from '../../common/pyramid';
import { stainKind } from '../../common/stains';
import type { WorkstationDb } from '../db/open';

export type CaseSource = CaseSummary['source'];

/** Where a slide's pixels come from. Extended by the archive sources. */
export type SlideLocator =
  | { kind: 'file'; path: string }
  | { kind: 'dicomfolder'; folder: string; seriesUID: string }
  | { kind: 'dicomweb'; archiveId: string; studyUID: string; seriesUID: string };

/** A case as a source describes it, before it is stored. */
export interface CaseRecord {
  source: CaseSource;
  sourceKey: string;
  accession: string;
  patient: CaseSummary['patient'];
  specimen: string;
  priority: Priority;
  /** Used only when the case is new: a status set by the user is never overwritten. */
  initialStatus: CaseStatus;
  receivedAt: string;
  slides: { label: string; stain: string; locator: SlideLocator }[];
}

export interface StoredSlide extends SlideSummary {
  locator: SlideLocator;
  identity: string | null;
  /** Levels and scale as last read from the source (JSON of SlideMetadata), or null. */
  metadata: string | null;
}

interface CaseRow {
  id: string;
  source: CaseSource;
  accession: string;
  patient_name: string;
  patient_id: string;
  patient_birth_date: string | null;
  patient_sex: 'F' | 'M' | 'O' | null;
  specimen: string;
  priority: Priority;
  status: CaseStatus;
  received_at: string;
  slide_count: number;
}

interface SlideRow {
  id: string;
  case_id: string;
  position: number;
  label: string;
  stain: string;
  locator: string;
  identity: string | null;
  error_code: string | null;
  error_message: string | null;
  metadata: string | null;
}

/** Stable short ids derived from where a thing comes from, so rescans keep them. */
export function stableId(prefix: string, ...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
  return `${prefix}${hash}`;
}

function toSummary(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    accession: row.accession,
    patient: {
      name: row.patient_name,
      id: row.patient_id,
      birthDate: row.patient_birth_date,
      sex: row.patient_sex,
    },
    specimen: row.specimen,
    priority: row.priority,
    status: row.status,
    receivedAt: row.received_at,
    slideCount: row.slide_count,
    source: row.source,
  };
}

function associatedOf(metadata: string): AssociatedName[] | null {
  try {
    const parsed = JSON.parse(metadata) as { associated?: AssociatedName[] };
    return Array.isArray(parsed.associated) ? parsed.associated : null;
  } catch {
    return null;
  }
}

function toSlide(row: SlideRow): StoredSlide {
  return {
    id: row.id,
    caseId: row.case_id,
    position: row.position,
    label: row.label,
    stain: row.stain,
    stainKind: stainKind(row.stain),
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    associated: row.metadata ? associatedOf(row.metadata) : null,
    locator: JSON.parse(row.locator) as SlideLocator,
    identity: row.identity,
    metadata: row.metadata,
  };
}

const CASE_SELECT = `
  SELECT c.*, (SELECT count(*) FROM slides s WHERE s.case_id = c.id) AS slide_count
  FROM cases c`;

export class CaseRepository {
  private readonly stmts;

  constructor(private readonly db: WorkstationDb) {
    this.stmts = {
      list: db.prepare<[], CaseRow>(
        `${CASE_SELECT} WHERE c.missing = 0 ORDER BY c.received_at DESC`,
      ),
      get: db.prepare<[string], CaseRow>(`${CASE_SELECT} WHERE c.id = ?`),
      slides: db.prepare<[string], SlideRow>(
        'SELECT * FROM slides WHERE case_id = ? ORDER BY position',
      ),
      slide: db.prepare<[string], SlideRow>('SELECT * FROM slides WHERE id = ?'),
      upsertCase: db.prepare(`
        INSERT INTO cases (id, source, source_key, accession, patient_name, patient_id, patient_birth_date,
                           patient_sex, specimen, priority, status, received_at, updated_at, missing)
        VALUES (@id, @source, @sourceKey, @accession, @patientName, @patientId, @birthDate, @sex, @specimen,
                @priority, @status, @receivedAt, @now, 0)
        ON CONFLICT (id) DO UPDATE SET
          accession = excluded.accession, patient_name = excluded.patient_name,
          patient_id = excluded.patient_id, patient_birth_date = excluded.patient_birth_date,
          patient_sex = excluded.patient_sex, specimen = excluded.specimen,
          priority = excluded.priority, received_at = excluded.received_at, missing = 0`),
      upsertSlide: db.prepare(`
        INSERT INTO slides (id, case_id, position, label, stain, locator)
        VALUES (@id, @caseId, @position, @label, @stain, @locator)
        ON CONFLICT (id) DO UPDATE SET position = excluded.position, label = excluded.label,
          stain = excluded.stain, locator = excluded.locator`),
      deleteSlidesNotIn: db.prepare<[string, string]>(
        `DELETE FROM slides WHERE case_id = ? AND id NOT IN (SELECT value FROM json_each(?))`,
      ),
      markMissing: db.prepare<[string, string, string, string]>(
        `UPDATE cases SET missing = 1
         WHERE source = ? AND substr(source_key, 1, length(?)) = ? AND id NOT IN (SELECT value FROM json_each(?))`,
      ),
      setStatus: db.prepare<[CaseStatus, string, string]>(
        'UPDATE cases SET status = ?, updated_at = ? WHERE id = ?',
      ),
      setSlideState: db.prepare<
        [string | null, string | null, string | null, string | null, string]
      >(
        `UPDATE slides SET identity = coalesce(?, identity), metadata = coalesce(?, metadata),
           error_code = ?, error_message = ? WHERE id = ?`,
      ),
    };
  }

  list(): CaseSummary[] {
    return this.stmts.list.all().map(toSummary);
  }

  get(caseId: string): CaseSummary {
    const row = this.stmts.get.get(caseId);
    if (!row) throw new WorkstationError('not_found', 'This case does not exist (any more).');
    return toSummary(row);
  }

  slides(caseId: string): StoredSlide[] {
    return this.stmts.slides.all(caseId).map(toSlide);
  }

  slide(slideId: string): StoredSlide {
    const row = this.stmts.slide.get(slideId);
    if (!row) throw new WorkstationError('not_found', 'This slide does not exist (any more).');
    return toSlide(row);
  }

  /**
   * Makes the stored cases of `source` exactly `records` (in one transaction): new ones are
   * added, known ones updated (keeping their status), vanished ones hidden but kept.
   * With `scope`, only the cases whose source key starts with it are replaced (one
   * archive among several).
   */
  replaceSource(
    source: CaseSource,
    records: readonly CaseRecord[],
    scope = '',
  ): { cases: number; slides: number } {
    const now = new Date().toISOString();
    let slideCount = 0;
    this.db.transaction(() => {
      const caseIds: string[] = [];
      for (const r of records) {
        const id = stableId('c', source, r.sourceKey);
        caseIds.push(id);
        this.stmts.upsertCase.run({
          id,
          source,
          sourceKey: r.sourceKey,
          accession: r.accession,
          patientName: r.patient.name,
          patientId: r.patient.id,
          birthDate: r.patient.birthDate,
          sex: r.patient.sex,
          specimen: r.specimen,
          priority: r.priority,
          status: r.initialStatus,
          receivedAt: r.receivedAt,
          now,
        });
        const slideIds: string[] = [];
        r.slides.forEach((s, i) => {
          const locator = JSON.stringify(s.locator);
          const slideId = stableId('s', id, locator);
          slideIds.push(slideId);
          this.stmts.upsertSlide.run({
            id: slideId,
            caseId: id,
            position: i + 1,
            label: s.label,
            stain: s.stain,
            locator,
          });
        });
        this.stmts.deleteSlidesNotIn.run(id, JSON.stringify(slideIds));
        slideCount += slideIds.length;
      }
      this.stmts.markMissing.run(source, scope, scope, JSON.stringify(caseIds));
    })();
    return { cases: records.length, slides: slideCount };
  }

  setStatus(caseId: string, status: CaseStatus): CaseSummary {
    const info = this.stmts.setStatus.run(status, new Date().toISOString(), caseId);
    if (info.changes === 0)
      throw new WorkstationError('not_found', 'This case does not exist (any more).');
    return this.get(caseId);
  }

  /** Records what opening a slide taught us: its identity, or why it cannot be read. */
  setSlideState(
    slideId: string,
    state: {
      identity?: string;
      metadata?: string;
      error?: { code: string; message: string } | null;
    },
  ): void {
    this.stmts.setSlideState.run(
      state.identity ?? null,
      state.metadata ?? null,
      state.error?.code ?? null,
      state.error?.message ?? null,
      slideId,
    );
  }
}
