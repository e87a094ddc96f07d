/**
 * The case in context (issue 9): context and stain requests of a case, and the patient's
 * earlier cases. Stain requests live in workstation.db (migration 010), each also written
 * as a FHIR ServiceRequest into the outbox for the laboratory system (lisOutbox.ts).
 */
import { randomBytes } from 'node:crypto';
import type {
  CaseContext,
  PriorCase,
  PriorCases,
  StainRequest,
  StainRequestItem,
} from '../../common/caseContext/model';
import { allBlocks } from '../../common/caseContext/grouping';
import type { CaseStatus, CaseSummary } from '../../common/contract';
import { WorkstationError, toWorkstationError } from '../../common/errors';
import type { CaseRepository } from '../cases/caseRepository';
import type { WorkstationDb } from '../db/open';
import type { UserDirectory } from '../users/directory';
import type { ArchiveCase } from '../sources/dicomweb/worklist';
import { outboxFileName, writeOutboxFile } from './lisOutbox';
import { buildServiceRequest } from './serviceRequest';
import { parseStoredContext } from './storedContext';

export interface CaseContextDeps {
  db: WorkstationDb;
  cases: Pick<CaseRepository, 'get' | 'list' | 'slides'>;
  users: Pick<UserDirectory, 'current' | 'isLocked'>;
  audit: {
    record(
      action: string,
      object?: { type: string; id: string },
      detail?: Record<string, unknown>,
    ): number;
  };
  /** `<dataDir>/outbox/lis`. */
  outboxDir: string;
  /** Changes a case's status as setCaseStatus does (audit, the archive's outbox). */
  setStatus(caseId: string, status: CaseStatus): void;
  /** The conclusion of the case's report signed on this workstation, or null. */
  signedConclusion(caseId: string): string | null;
  /** The archives to ask for priors, and how: QIDO-RS studies with this PatientID. */
  archives: {
    list(): { id: string; name: string }[];
    studiesOfPatient(archiveId: string, patientId: string): Promise<ArchiveCase[]>;
  };
  now?: () => Date;
}

interface RequestRow {
  id: string;
  case_id: string;
  items: string;
  note: string;
  requested_at: string;
  requester_id: string;
  requester_name: string;
  requester_title: string;
  fhir: string;
  outbox_state: 'pending' | 'written' | 'failed';
  outbox_file: string | null;
  outbox_error: string | null;
}

function toRequest(row: RequestRow): StainRequest {
  return {
    id: row.id,
    caseId: row.case_id,
    items: JSON.parse(row.items) as StainRequestItem[],
    note: row.note,
    requestedAt: row.requested_at,
    requester: { id: row.requester_id, name: row.requester_name, title: row.requester_title },
    outbox: { state: row.outbox_state, file: row.outbox_file, error: row.outbox_error },
  };
}

/** Source keys of archive cases are `<archiveId>/<studyUID>` (archiveService.ts). */
const studyKey = (archiveId: string, studyUID: string) => `${archiveId}/${studyUID}`;

export class CaseContextService {
  private readonly s;
  private readonly now: () => Date;

  constructor(private readonly deps: CaseContextDeps) {
    const { db } = deps;
    this.now = deps.now ?? (() => new Date());
    this.s = {
      context: db.prepare<[string], { context: string | null }>(
        'SELECT context FROM cases WHERE id = ?',
      ),
      sourceKeys: db.prepare<[], { id: string; source_key: string }>(
        "SELECT id, source_key FROM cases WHERE source = 'archive' AND missing = 0",
      ),
      requests: db.prepare<[string], RequestRow>(
        'SELECT * FROM stain_requests WHERE case_id = ? ORDER BY requested_at DESC, rowid DESC',
      ),
      request: db.prepare<[string], RequestRow>('SELECT * FROM stain_requests WHERE id = ?'),
      unsent: db.prepare<[], RequestRow>(
        "SELECT * FROM stain_requests WHERE outbox_state != 'written' ORDER BY requested_at",
      ),
      insert: db.prepare(
        `INSERT INTO stain_requests (id, case_id, items, note, requested_at, requester_id,
           requester_name, requester_title, fhir)
         VALUES (@id, @caseId, @items, @note, @requestedAt, @requesterId, @requesterName,
           @requesterTitle, @fhir)`,
      ),
      outbox: db.prepare<[string, string | null, string | null, string]>(
        'UPDATE stain_requests SET outbox_state = ?, outbox_file = ?, outbox_error = ? WHERE id = ?',
      ),
    };
  }

  private stored(caseId: string) {
    this.deps.cases.get(caseId); // not_found for an unknown case
    return parseStoredContext(this.s.context.get(caseId)?.context ?? null);
  }

  context(caseId: string): CaseContext & { requests: StainRequest[] } {
    const { clinicalInfo, parts, blocks } = this.stored(caseId);
    return {
      clinicalInfo,
      parts,
      blocks,
      requests: this.s.requests.all(caseId).map(toRequest),
    };
  }

  /** The patient's other cases here and in every archive, newest first. */
  async priors(caseId: string): Promise<PriorCases> {
    const current = this.deps.cases.get(caseId);
    const patientId = current.patient.id.trim();
    if (patientId === '') return { priors: [], unreachable: [] };
    const archives = this.deps.archives.list();
    const archiveName = new Map(archives.map((a) => [a.id, a.name]));
    const idByStudy = new Map(this.s.sourceKeys.all().map((r) => [r.source_key, r.id]));
    const known = new Set<string>([caseId]);
    const priors: PriorCase[] = [];
    for (const c of this.deps.cases.list()) {
      if (c.id === caseId || c.patient.id.trim() !== patientId) continue;
      known.add(c.id);
      priors.push(this.localPrior(c, archiveName));
    }
    const unreachable: string[] = [];
    await Promise.all(
      archives.map(async (a) => {
        let studies: ArchiveCase[];
        try {
          studies = await this.deps.archives.studiesOfPatient(a.id, patientId);
        } catch {
          unreachable.push(a.name);
          return;
        }
        for (const study of studies) {
          // The archive answers for the identifier it was asked; another patient never counts.
          if (study.patient.id.trim() !== patientId) continue;
          const id = idByStudy.get(studyKey(a.id, study.studyUID)) ?? null;
          if (id !== null && known.has(id)) continue;
          if (id !== null) known.add(id);
          priors.push({
            caseId: id,
            accession: study.accession,
            date: study.receivedAt,
            specimen: study.specimen,
            conclusion: id === null ? null : this.conclusionOf(id),
            source: 'archive',
            archiveName: a.name,
          });
        }
      }),
    );
    priors.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    return { priors, unreachable: unreachable.sort() };
  }

  private conclusionOf(caseId: string): string | null {
    const signed = this.deps.signedConclusion(caseId)?.trim();
    return signed || this.stored(caseId).conclusion;
  }

  private localPrior(c: CaseSummary, archiveName: Map<string, string>): PriorCase {
    const first = c.source === 'archive' ? this.deps.cases.slides(c.id)[0]?.locator : undefined;
    return {
      caseId: c.id,
      accession: c.accession,
      date: c.receivedAt,
      specimen: c.specimen,
      conclusion: this.conclusionOf(c.id),
      source: c.source,
      archiveName: first?.kind === 'dicomweb' ? (archiveName.get(first.archiveId) ?? null) : null,
    };
  }

  /**
   * Records a request (with the current user and time), audits it, makes the case
   * pending_ihc, and writes its ServiceRequest into the LIS outbox. The request is kept
   * even when the file cannot be written: it then says so, and is written again later.
   */
  async requestStains(args: {
    caseId: string;
    items: StainRequestItem[];
    note: string;
  }): Promise<StainRequest> {
    const user = this.deps.users.current();
    if (user === null || this.deps.users.isLocked())
      throw new WorkstationError('locked', 'Choose a pathologist and unlock the session first.');
    const summary = this.deps.cases.get(args.caseId);
    if (summary.status === 'signed_out')
      throw new WorkstationError(
        'conflict',
        'This case is signed out: request stains from an addendum workflow in the laboratory system.',
      );
    const known = allBlocks(this.deps.cases.slides(args.caseId), this.stored(args.caseId));
    const knownIds = new Set(known.map((b) => b.id));
    const unknown = args.items.find((i) => knownIds.size > 0 && !knownIds.has(i.block));
    if (unknown)
      throw new WorkstationError('invalid_argument', `This case has no block ${unknown.block}.`);
    const id = `sr${randomBytes(8).toString('hex')}`;
    const requestedAt = this.now().toISOString();
    const fhir = buildServiceRequest({
      requestId: id,
      accession: summary.accession,
      patient: { id: summary.patient.id, name: summary.patient.name },
      priority: summary.priority,
      requester: { id: user.id, name: user.name, title: user.title },
      requestedAt,
      items: args.items,
      note: args.note,
    });
    this.deps.db.transaction(() => {
      this.s.insert.run({
        id,
        caseId: args.caseId,
        items: JSON.stringify(args.items),
        note: args.note,
        requestedAt,
        requesterId: user.id,
        requesterName: user.name,
        requesterTitle: user.title,
        fhir: JSON.stringify(fhir),
      });
      this.deps.audit.record(
        'case.stain_request',
        { type: 'case', id: args.caseId },
        { request: id, items: args.items.length },
      );
    })();
    if (summary.status !== 'pending_ihc') this.deps.setStatus(args.caseId, 'pending_ihc');
    await this.send(id);
    return toRequest(this.s.request.get(id)!);
  }

  /** Writes one request's file into the outbox; its row says whether that worked. */
  private async send(id: string): Promise<void> {
    const row = this.s.request.get(id);
    if (!row) return;
    const name = outboxFileName(row.requested_at, row.id);
    try {
      await writeOutboxFile(this.deps.outboxDir, name, JSON.parse(row.fhir));
      this.s.outbox.run('written', name, null, id);
    } catch (e) {
      // File-system messages name paths, not patients.
      this.s.outbox.run('failed', null, toWorkstationError(e).message.slice(0, 300), id);
    }
  }

  /** Writes again the requests whose file could not be written (at start). */
  async retryOutbox(): Promise<number> {
    const rows = this.s.unsent.all();
    for (const row of rows) await this.send(row.id);
    return rows.length;
  }
}
