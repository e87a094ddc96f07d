/**
 * The sign-out day's worklist in the engine (issue 9): who reads each case, the filters
 * each user keeps, and the status moves whose meaning is clear (opening a New case makes
 * it In progress, for the user who opened it). Every change goes to the audit trail.
 */
import type { CaseStatus, CaseSummary } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import type { UserProfile } from '../../common/users/model';
import type { AssignedTo, AssignmentSync, WorklistPrefs } from '../../common/worklist/model';
import { DEFAULT_WORKLIST_PREFS, WorklistPrefsSchema } from '../../common/worklist/model';
import { matchProfile } from './readingPhysician';
import type { WorklistStore } from './worklistStore';

export interface WorklistServiceDeps {
  store: WorklistStore;
  users: {
    current(): UserProfile | null;
    isLocked(): boolean;
    list(): UserProfile[];
  };
  audit: {
    record(
      action: string,
      object?: { type: string; id: string },
      detail?: Record<string, unknown>,
    ): unknown;
  };
  cases: {
    get(caseId: string): CaseSummary;
    setStatus(caseId: string, status: CaseStatus): CaseSummary;
    /** The id of the case stored for an archive study (null when the sync has not stored it). */
    idOf(source: 'archive', sourceKey: string): string | null;
  };
  /** Called after a status changed here (the archive outbox, the worklist version). */
  onStatusChanged(caseId: string, summary: CaseSummary): void;
  /** Called after assignments changed (the worklist version). */
  onAssignmentsChanged(): void;
  now?: () => Date;
}

export interface Assignment {
  assignedTo: AssignedTo | null;
  sync: AssignmentSync;
}

export class WorklistService {
  private readonly now: () => Date;

  constructor(private readonly deps: WorklistServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  assignment(caseId: string): Assignment {
    const summary = this.deps.cases.get(caseId);
    const row = this.deps.store.assignment(caseId);
    const sync: AssignmentSync =
      summary.source !== 'archive' ? 'local' : row?.origin === 'local' ? 'local_only' : 'archive';
    return { assignedTo: summary.assignedTo, sync };
  }

  /**
   * Assigns the case to a profile, or to nobody. For an archive case the choice stays on
   * this workstation: DICOMweb cannot change a study's attributes, so nothing is queued.
   */
  assign(caseId: string, userId: string | null): Assignment {
    if (this.deps.users.isLocked())
      throw new WorkstationError('locked', 'The session is locked: unlock it with your PIN first.');
    this.deps.cases.get(caseId);
    let name = '';
    if (userId !== null) {
      const profile = this.deps.users.list().find((u) => u.id === userId);
      if (!profile)
        throw new WorkstationError('not_found', 'This pathologist has no profile here.');
      name = profile.name;
    }
    this.deps.store.setLocal(caseId, userId, name, this.now().toISOString());
    this.deps.audit.record(
      'case.assign',
      { type: 'case', id: caseId },
      { userId, origin: 'local' },
    );
    this.deps.onAssignmentsChanged();
    return this.assignment(caseId);
  }

  /**
   * What one archive sync said of its studies' reading physicians (person names as the
   * archive gave them, null when it names nobody). Matched to profiles by name.
   */
  archiveReadings(
    archiveId: string,
    studies: readonly { studyUID: string; physician: string | null }[],
  ): void {
    const profiles = this.deps.users.list();
    const entries = studies.flatMap(({ studyUID, physician }) => {
      const caseId = this.deps.cases.idOf('archive', `${archiveId}/${studyUID}`);
      if (caseId === null) return [];
      const name = physician?.trim() ? physician.trim() : null;
      return [{ caseId, name, userId: name === null ? null : matchProfile(name, profiles) }];
    });
    const changed = this.deps.store.setFromArchive(entries, this.now().toISOString());
    if (changed > 0) {
      this.deps.audit.record(
        'worklist.archive_assignments',
        { type: 'archive', id: archiveId },
        { changed },
      );
      this.deps.onAssignmentsChanged();
    }
  }

  /**
   * A user opened the case: a New case becomes In progress, attributed to them. Nothing
   * moves without a user session (nobody chosen, or locked). Returns the case as it is now.
   */
  caseOpened(caseId: string): CaseSummary {
    const summary = this.deps.cases.get(caseId);
    const user = this.deps.users.current();
    if (summary.status !== 'new' || user === null || this.deps.users.isLocked()) return summary;
    const updated = this.deps.cases.setStatus(caseId, 'in_progress');
    this.deps.audit.record(
      'case.status',
      { type: 'case', id: caseId },
      { status: 'in_progress', automatic: 'opened' },
    );
    this.deps.onStatusChanged(caseId, updated);
    return updated;
  }

  /** The current user's filters ('' keys a workstation used without profiles). */
  prefs(): WorklistPrefs {
    const json = this.deps.store.prefs(this.userKey());
    if (json === null) return DEFAULT_WORKLIST_PREFS;
    try {
      const parsed = WorklistPrefsSchema.safeParse(JSON.parse(json));
      return parsed.success ? parsed.data : DEFAULT_WORKLIST_PREFS;
    } catch {
      return DEFAULT_WORKLIST_PREFS;
    }
  }

  setPrefs(prefs: WorklistPrefs): WorklistPrefs {
    const valid = WorklistPrefsSchema.parse(prefs);
    this.deps.store.setPrefs(this.userKey(), JSON.stringify(valid), this.now().toISOString());
    return valid;
  }

  private userKey(): string {
    return this.deps.users.current()?.id ?? '';
  }
}
