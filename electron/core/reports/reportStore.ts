/**
 * Reports in workstation.db (migration 007). Statements only, values always bound; the
 * rules (who may save or sign, what is checked) are in reportService.ts.
 */
import type {
  Addendum,
  AutotextEntry,
  Override,
  ReportContent,
  ReportSigner,
  ReportSnapshot,
  ReportVersion,
} from '../../common/reports/model';
import type { WorkstationDb } from '../db/open';

interface VersionRow {
  version: number;
  content: string;
  content_sha256: string;
  author_id: string | null;
  author_name: string | null;
  author_title: string | null;
  saved_at: string;
}

interface SignatureRow {
  version: number;
  content: string;
  sha256: string;
  signer_id: string;
  signer_name: string;
  signer_title: string;
  signed_at: string;
  overrides: string;
}

interface AddendumRow {
  id: string;
  text: string;
  sha256: string;
  signer_id: string;
  signer_name: string;
  signer_title: string;
  signed_at: string;
}

interface SnapshotRow {
  id: string;
  slide_id: string | null;
  caption: string;
  width: number;
  height: number;
  created_at: string;
}

export interface StoredVersion {
  version: ReportVersion;
  content: ReportContent;
  contentSha256: string;
}

export interface StoredSignature {
  version: number;
  content: ReportContent;
  sha256: string;
  signer: ReportSigner;
  signedAt: string;
  overrides: Override[];
  /** The JSON exactly as stored, to check the hash again. */
  contentJson: string;
}

export interface NewSnapshot extends ReportSnapshot {
  caseId: string;
  mimeType: 'image/png' | 'image/jpeg';
  sha256: string;
  bytes: Uint8Array;
}

function author(row: {
  author_id: string | null;
  author_name: string | null;
  author_title: string | null;
}): ReportSigner | null {
  return row.author_id
    ? { id: row.author_id, name: row.author_name ?? '', title: row.author_title ?? '' }
    : null;
}

function toVersion(row: VersionRow): StoredVersion {
  return {
    version: { version: row.version, savedAt: row.saved_at, author: author(row) },
    content: JSON.parse(row.content) as ReportContent,
    contentSha256: row.content_sha256,
  };
}

function toSnapshot(row: SnapshotRow): ReportSnapshot {
  return {
    id: row.id,
    slideId: row.slide_id,
    caption: row.caption,
    width: row.width,
    height: row.height,
    createdAt: row.created_at,
  };
}

export class ReportStore {
  private readonly s;

  constructor(private readonly db: WorkstationDb) {
    this.s = {
      latest: db.prepare<[string], VersionRow>(
        'SELECT * FROM report_versions WHERE case_id = ? ORDER BY version DESC LIMIT 1',
      ),
      version: db.prepare<[string, number], VersionRow>(
        'SELECT * FROM report_versions WHERE case_id = ? AND version = ?',
      ),
      versions: db.prepare<[string], VersionRow>(
        'SELECT * FROM report_versions WHERE case_id = ? ORDER BY version DESC',
      ),
      insertVersion: db.prepare<
        [string, number, string, string, string | null, string | null, string | null, string]
      >(
        `INSERT INTO report_versions (case_id, version, content, content_sha256, author_id,
           author_name, author_title, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      signature: db.prepare<[string], SignatureRow>(
        'SELECT * FROM report_signatures WHERE case_id = ?',
      ),
      insertSignature: db.prepare<
        [string, number, string, string, string, string, string, string, string]
      >(
        `INSERT INTO report_signatures (case_id, version, content, sha256, signer_id, signer_name,
           signer_title, signed_at, overrides) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      addenda: db.prepare<[string], AddendumRow>(
        'SELECT * FROM report_addenda WHERE case_id = ? ORDER BY signed_at, rowid',
      ),
      insertAddendum: db.prepare<[string, string, string, string, string, string, string, string]>(
        `INSERT INTO report_addenda (id, case_id, text, sha256, signer_id, signer_name,
           signer_title, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      snapshots: db.prepare<[string], SnapshotRow>(
        `SELECT id, slide_id, caption, width, height, created_at FROM report_snapshots
         WHERE case_id = ? ORDER BY created_at, rowid`,
      ),
      snapshotBytes: db.prepare<
        [string, string],
        { mime_type: 'image/png' | 'image/jpeg'; bytes: Buffer; sha256: string }
      >('SELECT mime_type, bytes, sha256 FROM report_snapshots WHERE case_id = ? AND id = ?'),
      insertSnapshot: db.prepare<
        [
          string,
          string,
          string | null,
          string,
          string,
          number,
          number,
          number,
          string,
          Uint8Array,
          string,
        ]
      >(
        `INSERT INTO report_snapshots (id, case_id, slide_id, caption, mime_type, width, height,
           size, sha256, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      autotext: db.prepare<[string], { abbreviation: string; text: string }>(
        'SELECT abbreviation, text FROM report_autotext WHERE owner = ? ORDER BY position',
      ),
      clearAutotext: db.prepare<[string]>('DELETE FROM report_autotext WHERE owner = ?'),
      insertAutotext: db.prepare<[string, string, string, number]>(
        'INSERT INTO report_autotext (owner, abbreviation, text, position) VALUES (?, ?, ?, ?)',
      ),
      recordView: db.prepare<[string, string, string, string, string]>(
        `INSERT INTO slide_views (slide_id, user_id, case_id, first_at, last_at, count)
         VALUES (?, ?, ?, ?, ?, 1)
         ON CONFLICT (slide_id, user_id) DO UPDATE SET last_at = excluded.last_at, count = count + 1`,
      ),
      viewedSlides: db.prepare<[string], { slide_id: string }>(
        'SELECT DISTINCT slide_id FROM slide_views WHERE case_id = ?',
      ),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  latest(caseId: string): StoredVersion | null {
    const row = this.s.latest.get(caseId);
    return row ? toVersion(row) : null;
  }

  version(caseId: string, version: number): StoredVersion | null {
    const row = this.s.version.get(caseId, version);
    return row ? toVersion(row) : null;
  }

  versions(caseId: string): ReportVersion[] {
    return this.s.versions.all(caseId).map((r) => toVersion(r).version);
  }

  insertVersion(
    caseId: string,
    version: number,
    contentJson: string,
    contentSha256: string,
    by: ReportSigner | null,
    savedAt: string,
  ): void {
    this.s.insertVersion.run(
      caseId,
      version,
      contentJson,
      contentSha256,
      by?.id ?? null,
      by?.name ?? null,
      by?.title ?? null,
      savedAt,
    );
  }

  signature(caseId: string): StoredSignature | null {
    const row = this.s.signature.get(caseId);
    if (!row) return null;
    return {
      version: row.version,
      // The column holds the whole signed payload (reportService.ts, SignedPayload).
      content: (JSON.parse(row.content) as { content: ReportContent }).content,
      contentJson: row.content,
      sha256: row.sha256,
      signer: { id: row.signer_id, name: row.signer_name, title: row.signer_title },
      signedAt: row.signed_at,
      overrides: JSON.parse(row.overrides) as Override[],
    };
  }

  insertSignature(caseId: string, s: Omit<StoredSignature, 'content'>): void {
    this.s.insertSignature.run(
      caseId,
      s.version,
      s.contentJson,
      s.sha256,
      s.signer.id,
      s.signer.name,
      s.signer.title,
      s.signedAt,
      JSON.stringify(s.overrides),
    );
  }

  addenda(caseId: string): Addendum[] {
    return this.s.addenda.all(caseId).map((r) => ({
      id: r.id,
      text: r.text,
      signature: {
        signer: { id: r.signer_id, name: r.signer_name, title: r.signer_title },
        signedAt: r.signed_at,
        sha256: r.sha256,
      },
    }));
  }

  insertAddendum(caseId: string, a: Addendum): void {
    const { signer, signedAt, sha256 } = a.signature;
    this.s.insertAddendum.run(
      a.id,
      caseId,
      a.text,
      sha256,
      signer.id,
      signer.name,
      signer.title,
      signedAt,
    );
  }

  snapshots(caseId: string): ReportSnapshot[] {
    return this.s.snapshots.all(caseId).map(toSnapshot);
  }

  snapshotBytes(
    caseId: string,
    id: string,
  ): { mimeType: 'image/png' | 'image/jpeg'; bytes: Buffer; sha256: string } | null {
    const row = this.s.snapshotBytes.get(caseId, id);
    return row ? { mimeType: row.mime_type, bytes: row.bytes, sha256: row.sha256 } : null;
  }

  insertSnapshot(s: NewSnapshot): void {
    this.s.insertSnapshot.run(
      s.id,
      s.caseId,
      s.slideId,
      s.caption,
      s.mimeType,
      s.width,
      s.height,
      s.bytes.length,
      s.sha256,
      s.bytes,
      s.createdAt,
    );
  }

  autotext(owner: string): AutotextEntry[] {
    return this.s.autotext.all(owner);
  }

  replaceAutotext(owner: string, entries: readonly AutotextEntry[]): void {
    this.transaction(() => {
      this.s.clearAutotext.run(owner);
      entries.forEach((e, i) => this.s.insertAutotext.run(owner, e.abbreviation, e.text, i));
    });
  }

  recordView(slideId: string, userId: string, caseId: string, at: string): void {
    this.s.recordView.run(slideId, userId, caseId, at, at);
  }

  viewedSlides(caseId: string): Set<string> {
    return new Set(this.s.viewedSlides.all(caseId).map((r) => r.slide_id));
  }
}
