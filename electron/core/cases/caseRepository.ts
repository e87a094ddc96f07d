/**
 * Cases and slides in workstation.db. Prepared statements only; values are always bound.
 *
 * A case's id never changes once given. It is made from where the case was first found,
 * and the row also keeps a key that survives moving its library or the data folder
 * (`case_key`, migration 003): a rescan that meets a case somewhere new re-attaches the row
 * it had, with its status, instead of hiding it as missing and starting a new one.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CaseStatus, CaseSummary, Priority, SlideSummary } from '../../common/contract';
import { type ScanArea, ScanAreaSchema } from '../../common/caseContext/scanArea';
import { WorkstationError } from '../../common/errors';
import type { AssociatedName } from '../../common/pyramid';
import { stainKind } from '../../common/stains';
import type { WorkstationDb } from '../db/open';
import type { StoredCaseContext } from '../caseContext/storedContext';

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
  slides: {
    label: string;
    stain: string;
    locator: SlideLocator;
    block?: string | null;
    /** Where the macro shows the scanned area, when the source says (case.json). */
    scanArea?: ScanArea | null;
  }[];
  /** Clinical information, parts and blocks, and a conclusion signed elsewhere (caseContext). */
  context?: StoredCaseContext | null;
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
  /** Distinct non-empty stains in slide order, joined by STAIN_SEPARATOR. */
  stains: string | null;
  assigned_user_id: string | null;
  assigned_name: string | null;
  signed_at: string | null;
}

/** Joins a case's stains in one column (a control character no stain name holds). */
const STAIN_SEPARATOR = '\u001f';

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
  block: string | null;
  scan_area: string | null;
}

/**
 * What identifies a case across moves: for a library case, where it is inside its library
 * (scanLibrary.ts makes every source key `<library folder>/<case folder or group>`); for an
 * archive case, the archive and study, which do not move.
 */
export function caseKeyOf(source: CaseSource, sourceKey: string): string {
  return source === 'archive' ? sourceKey : path.basename(sourceKey);
}

/** The library folder a library case was found in. */
const libraryRootOf = (sourceKey: string) => path.dirname(sourceKey);

/** A slide locator (JSON) whose file or folder sits under `from`, moved under `to`. */
export function relocateLocator(locator: string, from: string, to: string): string {
  const parsed = JSON.parse(locator) as SlideLocator;
  const move = (p: string) => {
    const next = p.charAt(from.length);
    return p.startsWith(from) && (next === '' || next === '/' || next === '\\')
      ? to + p.slice(from.length)
      : p;
  };
  if (parsed.kind === 'file') parsed.path = move(parsed.path);
  else if (parsed.kind === 'dicomfolder') parsed.folder = move(parsed.folder);
  return JSON.stringify(parsed);
}

interface KeyedRow {
  id: string;
  source_key: string;
  accession: string;
  patient_id: string;
  status: CaseStatus;
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
    stains: row.stains ? [...new Set(row.stains.split(STAIN_SEPARATOR))] : [],
    // A local "nobody" is stored as a row with no user and no name (migration 009).
    assignedTo:
      row.assigned_name === null || (row.assigned_user_id === null && row.assigned_name === '')
        ? null
        : { userId: row.assigned_user_id, name: row.assigned_name },
    signedAt: row.status === 'signed_out' ? row.signed_at : null,
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

/**
 * The scanned area on the macro: as the source listed it (case.json), else as the slide's
 * files said when it was opened (DICOM, in `metadata`); null when neither says.
 */
function scanAreaOf(row: SlideRow): ScanArea | null {
  const parse = (json: string | null, pick: (v: unknown) => unknown): ScanArea | null => {
    if (json === null) return null;
    try {
      const parsed = ScanAreaSchema.safeParse(pick(JSON.parse(json)));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  return (
    parse(row.scan_area, (v) => v) ??
    parse(row.metadata, (v) => (v as { scanArea?: unknown } | null)?.scanArea)
  );
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
    block: row.block,
    scanArea: scanAreaOf(row),
    locator: JSON.parse(row.locator) as SlideLocator,
    identity: row.identity,
    metadata: row.metadata,
  };
}

const CASE_SELECT = `
  SELECT c.*, (SELECT count(*) FROM slides s WHERE s.case_id = c.id) AS slide_count,
    (SELECT group_concat(stain, char(31)) FROM
      (SELECT stain FROM slides s WHERE s.case_id = c.id AND stain <> '' ORDER BY position)) AS stains,
    a.user_id AS assigned_user_id, a.name AS assigned_name,
    (SELECT signed_at FROM report_signatures r WHERE r.case_id = c.id) AS signed_at
  FROM cases c LEFT JOIN case_assignments a ON a.case_id = c.id`;

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
        INSERT INTO cases (id, source, source_key, case_key, accession, patient_name, patient_id,
                           patient_birth_date, patient_sex, specimen, priority, status, received_at,
                           updated_at, missing, context)
        VALUES (@id, @source, @sourceKey, @caseKey, @accession, @patientName, @patientId, @birthDate,
                @sex, @specimen, @priority, @status, @receivedAt, @now, 0, @context)
        ON CONFLICT (id) DO UPDATE SET
          source_key = excluded.source_key, case_key = excluded.case_key,
          accession = excluded.accession, patient_name = excluded.patient_name,
          patient_id = excluded.patient_id, patient_birth_date = excluded.patient_birth_date,
          patient_sex = excluded.patient_sex, specimen = excluded.specimen,
          priority = excluded.priority, received_at = excluded.received_at, missing = 0,
          context = excluded.context`),
      upsertSlide: db.prepare(`
        INSERT INTO slides (id, case_id, position, label, stain, locator, block, scan_area)
        VALUES (@id, @caseId, @position, @label, @stain, @locator, @block, @scanArea)
        ON CONFLICT (id) DO UPDATE SET position = excluded.position, label = excluded.label,
          stain = excluded.stain, locator = excluded.locator, block = excluded.block,
          scan_area = excluded.scan_area`),
      idAt: db.prepare<[CaseSource, string], { id: string }>(
        'SELECT id FROM cases WHERE source = ? AND source_key = ?',
      ),
      idTaken: db.prepare<[string], { id: string }>('SELECT id FROM cases WHERE id = ?'),
      withKey: db.prepare<[CaseSource, string], KeyedRow>(
        `SELECT id, source_key, accession, patient_id, status FROM cases WHERE source = ? AND case_key = ?
         ORDER BY missing DESC, updated_at DESC`,
      ),
      slideLocators: db.prepare<[string], { id: string; locator: string }>(
        'SELECT id, locator FROM slides WHERE case_id = ?',
      ),
      slideAt: db.prepare<[string, string], { id: string }>(
        'SELECT id FROM slides WHERE case_id = ? AND locator = ?',
      ),
      relocateSlide: db.prepare<[string, string]>('UPDATE slides SET locator = ? WHERE id = ?'),
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

  /** The id of the case stored for `sourceKey`, or null. */
  idOf(source: CaseSource, sourceKey: string): string | null {
    return this.stmts.idAt.get(source, sourceKey)?.id ?? null;
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
      const incoming = new Set(records.map((r) => r.sourceKey));
      const claimed = new Set<string>();
      for (const r of records) {
        const caseKey = caseKeyOf(source, r.sourceKey);
        const id =
          this.stmts.idAt.get(source, r.sourceKey)?.id ??
          (source === 'archive'
            ? undefined
            : this.reattach(source, caseKey, r, incoming, claimed)) ??
          this.freshId(source, r.sourceKey);
        claimed.add(id);
        caseIds.push(id);
        this.stmts.upsertCase.run({
          id,
          source,
          sourceKey: r.sourceKey,
          caseKey,
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
          context: r.context ? JSON.stringify(r.context) : null,
        });
        const slideIds: string[] = [];
        r.slides.forEach((s, i) => {
          const locator = JSON.stringify(s.locator);
          // A re-attached case keeps its slides' ids (and what opening them taught us).
          const slideId = this.stmts.slideAt.get(id, locator)?.id ?? stableId('s', id, locator);
          slideIds.push(slideId);
          this.stmts.upsertSlide.run({
            id: slideId,
            caseId: id,
            position: i + 1,
            label: s.label,
            stain: s.stain,
            locator,
            block: s.block ?? null,
            scanArea: s.scanArea ? JSON.stringify(s.scanArea) : null,
          });
        });
        this.stmts.deleteSlidesNotIn.run(id, JSON.stringify(slideIds));
        slideCount += slideIds.length;
      }
      this.stmts.markMissing.run(source, scope, scope, JSON.stringify(caseIds));
    })();
    return { cases: records.length, slides: slideCount };
  }

  /**
   * The row a moved case had: same key inside its library, same accession and patient, not
   * found where it was by this scan, not taken by another case of this scan, and with at
   * least one slide file at the same place inside the library. Copies of a library (both
   * scanned) therefore stay separate cases, and an unrelated case that merely has the same
   * folder name in another library does not inherit a status unless its files match too.
   * When several rows qualify, one from a library folder of the same name is preferred,
   * then one holding a status set by the user (not the case's initial one), then the most
   * recently changed. Its slides are moved with it, keeping their ids.
   */
  private reattach(
    source: CaseSource,
    caseKey: string,
    record: CaseRecord,
    incoming: ReadonlySet<string>,
    claimed: ReadonlySet<string>,
  ): string | undefined {
    const newRoot = libraryRootOf(record.sourceKey);
    const wanted = new Set(record.slides.map((s) => JSON.stringify(s.locator)));
    const candidates = this.stmts.withKey
      .all(source, caseKey)
      .filter(
        (c) =>
          !claimed.has(c.id) &&
          !incoming.has(c.source_key) &&
          c.accession === record.accession &&
          (c.patient_id === '' || record.patient.id === '' || c.patient_id === record.patient.id),
      );
    const rank = (c: KeyedRow) =>
      (path.basename(libraryRootOf(c.source_key)) === path.basename(newRoot) ? 0 : 2) +
      (c.status !== record.initialStatus ? 0 : 1);
    // Stable sort: among equals, the SQL order (missing first, most recently changed first).
    candidates.sort((a, b) => rank(a) - rank(b));
    for (const c of candidates) {
      const oldRoot = libraryRootOf(c.source_key);
      const moved = this.stmts.slideLocators
        .all(c.id)
        .map((s) => ({ ...s, moved: relocateLocator(s.locator, oldRoot, newRoot) }));
      if (moved.length > 0 && !moved.some((s) => wanted.has(s.moved))) continue;
      for (const s of moved)
        if (s.moved !== s.locator && wanted.has(s.moved))
          this.stmts.relocateSlide.run(s.moved, s.id);
      return c.id;
    }
    return undefined;
  }

  /**
   * An id for a case seen for the first time. A row re-attached elsewhere keeps the id it
   * had from its first place, so a new case found there later gets a salted one.
   */
  private freshId(source: CaseSource, sourceKey: string): string {
    let id = stableId('c', source, sourceKey);
    for (let n = 1; this.stmts.idTaken.get(id); n++)
      id = stableId('c', source, sourceKey, String(n));
    return id;
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
