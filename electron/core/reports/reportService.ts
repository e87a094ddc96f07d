/**
 * The report engine's rules (issue 8): drafts as versions, snapshots, checks before
 * signing, the signature, addenda, autotext and slide views. Storage is reportStore.ts;
 * who is working comes from the UserDirectory; every signature, addendum and override
 * goes to the audit trail.
 *
 * Durability: better-sqlite3 commits synchronously and workstation.db runs WAL with
 * synchronous=FULL, so when saveDraft returns, the version is on disk (fsync of the WAL).
 *
 * What is signed is the canonical JSON (canonical.ts) of: case id, version, content, the
 * SHA-256 of each snapshot it shows, the overrides, signer and time. That JSON is stored as
 * it was hashed, so `verify` can recompute the hash from the row alone.
 */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../common/errors';
import type {
  Addendum,
  AutotextEntry,
  Override,
  ReportContent,
  ReportSigner,
  ReportSnapshot,
  ReportState,
  ReportTemplate,
  ReportVersion,
  SignCheck,
} from '../../common/reports/model';
import { EMPTY_SECTIONS, MAX_SNAPSHOT_BYTES } from '../../common/reports/model';
import type { UserProfile } from '../../common/users/model';
import type { UserDirectory } from '../users/directory';
import { canonicalJson, sha256Hex } from './canonical';
import { sniffImage } from './images';
import type { ReportStore } from './reportStore';
import { overrideFor, signChecks } from './signChecks';
import type { SignatureCheck, SignedPayload } from './signing';
import { addendumSha256, verifySignature } from './signing';

export type { SignedPayload } from './signing';

export interface ReportAudit {
  record(
    action: string,
    object?: { type: string; id: string },
    detail?: Record<string, unknown>,
  ): void;
}

export interface ReportCases {
  /** Throws not_found when the case does not exist. */
  assertCase(caseId: string): void;
  slideIds(caseId: string): string[];
  /** Sets the case's status in workstation.db (inside the signing transaction). */
  setSignedOut(caseId: string): void;
}

export interface ReportServiceDeps {
  store: ReportStore;
  users: UserDirectory;
  audit: ReportAudit;
  cases: ReportCases;
  template(id: string): ReportTemplate | null;
  /** Slides of the case opened but seen below the coverage threshold (slide tracking). */
  lowCoverageSlides?: (caseId: string) => ReadonlySet<string>;
  now?: () => Date;
}

const EMPTY_CONTENT: ReportContent = {
  templateId: null,
  sections: EMPTY_SECTIONS,
  synoptic: {},
  snapshotIds: [],
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function signerOf(user: UserProfile): ReportSigner {
  return { id: user.id, name: user.name, title: user.title };
}

export class ReportService {
  private readonly now: () => Date;

  constructor(private readonly deps: ReportServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private get store() {
    return this.deps.store;
  }

  private assertUnlocked(): void {
    if (this.deps.users.isLocked())
      throw new WorkstationError('locked', 'The session is locked: unlock it with your PIN first.');
  }

  /** The current user, after checking the session and their PIN. */
  private confirmSigner(pin: string): UserProfile {
    this.assertUnlocked();
    const user = this.deps.users.current();
    if (!user) throw new WorkstationError('locked', 'Choose who is working before signing.');
    if (!this.deps.users.verifyPin(user.id, pin))
      throw new WorkstationError('unauthorized', 'The PIN is not right.');
    return user;
  }

  private assertNotSigned(caseId: string, what: string): void {
    if (this.store.signature(caseId))
      throw new WorkstationError(
        'conflict',
        `This report is signed: ${what}. Add an addendum instead.`,
      );
  }

  get(caseId: string): ReportState {
    this.assertUnlocked();
    this.deps.cases.assertCase(caseId);
    return this.state(caseId);
  }

  private state(caseId: string): ReportState {
    const signature = this.store.signature(caseId);
    const latest = this.store.latest(caseId);
    const base = {
      caseId,
      addenda: this.store.addenda(caseId),
      snapshots: this.store.snapshots(caseId),
    };
    if (signature) {
      return {
        ...base,
        status: 'signed',
        content: signature.content,
        version: signature.version,
        savedAt: latest?.version.savedAt ?? signature.signedAt,
        signature: {
          signer: signature.signer,
          signedAt: signature.signedAt,
          sha256: signature.sha256,
        },
        overrides: signature.overrides,
      };
    }
    return {
      ...base,
      status: latest ? 'draft' : 'none',
      content: latest?.content ?? EMPTY_CONTENT,
      version: latest?.version.version ?? 0,
      savedAt: latest?.version.savedAt ?? null,
      signature: null,
      overrides: [],
    };
  }

  /** A new version, unless the content is the same as the latest one. Durable on return. */
  saveDraft(caseId: string, content: ReportContent): ReportState {
    this.assertUnlocked();
    this.deps.cases.assertCase(caseId);
    const known = new Set(this.store.snapshots(caseId).map((s) => s.id));
    const unknown = content.snapshotIds.find((id) => !known.has(id));
    if (unknown !== undefined)
      throw new WorkstationError('invalid_argument', `No snapshot ${unknown} in this report.`);
    const json = canonicalJson(content);
    const sha = sha256Hex(json);
    this.store.transaction(() => {
      this.assertNotSigned(caseId, 'its draft cannot change');
      const latest = this.store.latest(caseId);
      if (latest?.contentSha256 === sha) return;
      const user = this.deps.users.current();
      this.store.insertVersion(
        caseId,
        (latest?.version.version ?? 0) + 1,
        json,
        sha,
        user ? signerOf(user) : null,
        this.now().toISOString(),
      );
    });
    return this.state(caseId);
  }

  versions(caseId: string): ReportVersion[] {
    this.assertUnlocked();
    this.deps.cases.assertCase(caseId);
    return this.store.versions(caseId);
  }

  version(caseId: string, version: number): { version: ReportVersion; content: ReportContent } {
    this.assertUnlocked();
    const found = this.store.version(caseId, version);
    if (!found) throw new WorkstationError('not_found', `This report has no version ${version}.`);
    return { version: found.version, content: found.content };
  }

  addSnapshot(
    caseId: string,
    input: { slideId: string | null; caption: string; imageBase64: string },
  ): ReportSnapshot {
    this.assertUnlocked();
    this.deps.cases.assertCase(caseId);
    this.assertNotSigned(caseId, 'no image can be added');
    if (!BASE64.test(input.imageBase64))
      throw new WorkstationError('invalid_argument', 'The image is not valid base64.');
    const bytes = Buffer.from(input.imageBase64, 'base64');
    if (bytes.length > MAX_SNAPSHOT_BYTES)
      throw new WorkstationError('invalid_argument', 'The image is larger than 8 MB.');
    const info = sniffImage(bytes);
    const snapshot: ReportSnapshot = {
      id: randomUUID(),
      slideId: input.slideId,
      caption: input.caption,
      width: info.width,
      height: info.height,
      createdAt: this.now().toISOString(),
    };
    this.store.insertSnapshot({
      ...snapshot,
      caseId,
      mimeType: info.mimeType,
      sha256: sha256Hex(bytes),
      bytes,
    });
    return snapshot;
  }

  snapshot(
    caseId: string,
    snapshotId: string,
  ): { mimeType: 'image/png' | 'image/jpeg'; bytes: Buffer } {
    this.assertUnlocked();
    const found = this.store.snapshotBytes(caseId, snapshotId);
    if (!found) throw new WorkstationError('not_found', 'This snapshot does not exist.');
    return { mimeType: found.mimeType, bytes: found.bytes };
  }

  private checksFor(caseId: string, content: ReportContent): SignCheck[] {
    return signChecks({
      content,
      template: content.templateId === null ? null : this.deps.template(content.templateId),
      hasUser: this.deps.users.current() !== null,
      slideIds: this.deps.cases.slideIds(caseId),
      viewedSlideIds: this.store.viewedSlides(caseId),
      lowCoverageSlideIds: this.deps.lowCoverageSlides?.(caseId) ?? new Set(),
    });
  }

  check(caseId: string): SignCheck[] {
    this.assertUnlocked();
    this.deps.cases.assertCase(caseId);
    return this.checksFor(caseId, this.store.latest(caseId)?.content ?? EMPTY_CONTENT);
  }

  /** Signs the latest draft: frozen content, hash, signer, time; the case is signed out. */
  sign(caseId: string, pin: string, overrides: readonly Override[]): ReportState {
    const user = this.confirmSigner(pin);
    this.deps.cases.assertCase(caseId);
    this.assertNotSigned(caseId, 'it cannot be signed again');
    const latest = this.store.latest(caseId);
    if (!latest) throw new WorkstationError('invalid_argument', 'There is no draft to sign.');
    const checks = this.checksFor(caseId, latest.content);
    const blocking = checks.filter((c) => c.severity === 'blocking');
    if (blocking.length > 0) {
      throw new WorkstationError(
        'invalid_argument',
        `The report cannot be signed yet: ${blocking.map((c) => c.code + (c.subject ? ` (${c.subject})` : '')).join(', ')}.`,
        blocking,
      );
    }
    const warnings = checks.filter((c) => c.severity === 'warning');
    const unanswered = warnings.filter((w) => !overrideFor(w, overrides));
    if (unanswered.length > 0) {
      throw new WorkstationError(
        'invalid_argument',
        `Each warning needs a reason to sign anyway: ${unanswered.map((c) => c.code + (c.subject ? ` (${c.subject})` : '')).join(', ')}.`,
        unanswered,
      );
    }
    const kept = warnings.map((w) => overrideFor(w, overrides)!);
    const payload: SignedPayload = {
      caseId,
      version: latest.version.version,
      content: latest.content,
      snapshots: latest.content.snapshotIds.map((id) => ({
        id,
        sha256: this.store.snapshotBytes(caseId, id)?.sha256 ?? '',
      })),
      overrides: kept,
      signer: signerOf(user),
      signedAt: this.now().toISOString(),
    };
    const contentJson = canonicalJson(payload);
    const sha256 = sha256Hex(contentJson);
    this.store.transaction(() => {
      this.assertNotSigned(caseId, 'it cannot be signed again');
      this.store.insertSignature(caseId, {
        version: payload.version,
        contentJson,
        sha256,
        signer: payload.signer,
        signedAt: payload.signedAt,
        overrides: kept,
      });
      this.deps.cases.setSignedOut(caseId);
      for (const o of kept) {
        this.deps.audit.record(
          'report.override',
          { type: 'case', id: caseId },
          { userId: user.id, code: o.code, subject: o.subject, reason: o.reason },
        );
      }
      this.deps.audit.record(
        'report.sign',
        { type: 'case', id: caseId },
        { userId: user.id, version: payload.version, sha256 },
      );
    });
    return this.state(caseId);
  }

  /** A signed addendum; the original report never changes. */
  addAddendum(caseId: string, pin: string, text: string): ReportState {
    const user = this.confirmSigner(pin);
    this.deps.cases.assertCase(caseId);
    const signature = this.store.signature(caseId);
    if (!signature)
      throw new WorkstationError('conflict', 'Addenda are added to a signed report only.');
    const id = randomUUID();
    const signedAt = this.now().toISOString();
    const signer = signerOf(user);
    const sha256 = addendumSha256(caseId, signature.sha256, { id, text, signer, signedAt });
    const addendum: Addendum = { id, text, signature: { signer, signedAt, sha256 } };
    this.store.transaction(() => {
      this.store.insertAddendum(caseId, addendum);
      this.deps.audit.record(
        'report.addendum',
        { type: 'case', id: caseId },
        { userId: user.id, addendumId: id, sha256 },
      );
    });
    return this.state(caseId);
  }

  /**
   * Whether the stored signature and addenda still match their hashes (for exports and
   * support); the reason when they do not.
   */
  verify(caseId: string): SignatureCheck {
    return verifySignature(this.store, caseId);
  }

  /** The signed payload exactly as hashed, for exports (null when not signed). */
  signed(caseId: string): SignedPayload | null {
    const signature = this.store.signature(caseId);
    return signature ? (JSON.parse(signature.contentJson) as SignedPayload) : null;
  }

  private autotextOwner(): string {
    return this.deps.users.current()?.id ?? '';
  }

  autotext(): AutotextEntry[] {
    this.assertUnlocked();
    return this.store.autotext(this.autotextOwner());
  }

  setAutotext(entries: readonly AutotextEntry[]): AutotextEntry[] {
    this.assertUnlocked();
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.abbreviation))
        throw new WorkstationError('invalid_argument', `${e.abbreviation} is defined twice.`);
      seen.add(e.abbreviation);
    }
    const owner = this.autotextOwner();
    this.store.replaceAutotext(owner, entries);
    return this.store.autotext(owner);
  }

  /** Remembers that the current user (or nobody in particular) opened a slide. */
  recordSlideView(caseId: string, slideId: string): void {
    this.store.recordView(
      slideId,
      this.deps.users.current()?.id ?? '',
      caseId,
      this.now().toISOString(),
    );
  }

  /**
   * setCaseStatus's rule: a signed-out case never changes, and "signed out" is reached by
   * signing a report only.
   */
  assertStatusChange(caseId: string, from: string, to: string): void {
    if (from === 'signed_out' && to !== 'signed_out')
      throw new WorkstationError('conflict', 'This case is signed out: its status cannot change.');
    if (to === 'signed_out' && from !== 'signed_out' && !this.store.signature(caseId))
      throw new WorkstationError('conflict', 'A case is signed out by signing its report.');
  }
}
