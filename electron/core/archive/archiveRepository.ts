/** DICOMweb archives in workstation.db. Secrets go in and out sealed (secretBox.ts). */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../common/errors';
import type { WorkstationDb } from '../db/open';
import type { DicomwebAuth } from '../sources/dicomweb/client';
import type { SecretBox } from './secretBox';

export interface ArchiveRecord {
  id: string;
  name: string;
  baseUrl: string;
  authKind: DicomwebAuth['kind'];
  user: string | null;
  hasSecret: boolean;
  lastSyncAt: string | null;
}

/** What the user edits; a missing secret on update keeps the stored one. */
export interface ArchiveInput {
  id?: string;
  name: string;
  baseUrl: string;
  auth:
    | { kind: 'none' }
    | { kind: 'basic'; user: string; password?: string }
    | { kind: 'bearer'; token?: string };
}

interface Row {
  id: string;
  name: string;
  base_url: string;
  auth_kind: DicomwebAuth['kind'];
  auth_user: string | null;
  secret: Buffer | null;
  last_sync_at: string | null;
}

const toRecord = (r: Row): ArchiveRecord => ({
  id: r.id,
  name: r.name,
  baseUrl: r.base_url,
  authKind: r.auth_kind,
  user: r.auth_user,
  hasSecret: r.secret !== null,
  lastSyncAt: r.last_sync_at,
});

export class ArchiveRepository {
  private readonly stmts;

  constructor(
    db: WorkstationDb,
    private readonly secrets: SecretBox,
  ) {
    this.stmts = {
      list: db.prepare<[], Row>('SELECT * FROM archives ORDER BY position, created_at'),
      get: db.prepare<[string], Row>('SELECT * FROM archives WHERE id = ?'),
      insert: db.prepare(`
        INSERT INTO archives (id, name, base_url, auth_kind, auth_user, secret, position, created_at)
        VALUES (@id, @name, @baseUrl, @authKind, @user, @secret, (SELECT count(*) FROM archives), @now)`),
      update: db.prepare(`
        UPDATE archives SET name = @name, base_url = @baseUrl, auth_kind = @authKind, auth_user = @user,
          secret = CASE WHEN @keepSecret THEN secret ELSE @secret END
        WHERE id = @id`),
      remove: db.prepare<[string]>('DELETE FROM archives WHERE id = ?'),
      synced: db.prepare<[string, string]>('UPDATE archives SET last_sync_at = ? WHERE id = ?'),
    };
  }

  list(): ArchiveRecord[] {
    return this.stmts.list.all().map(toRecord);
  }

  get(id: string): ArchiveRecord {
    const row = this.stmts.get.get(id);
    if (!row) throw new WorkstationError('not_found', 'This archive is not configured (any more).');
    return toRecord(row);
  }

  /** The credentials, for the engine's own requests only. */
  auth(id: string): DicomwebAuth {
    const row = this.stmts.get.get(id);
    if (!row) throw new WorkstationError('not_found', 'This archive is not configured (any more).');
    const secret = row.secret ? this.secrets.open(row.secret) : '';
    if (row.auth_kind === 'basic')
      return { kind: 'basic', user: row.auth_user ?? '', password: secret };
    if (row.auth_kind === 'bearer') return { kind: 'bearer', token: secret };
    return { kind: 'none' };
  }

  save(input: ArchiveInput): ArchiveRecord {
    const secretText =
      input.auth.kind === 'basic'
        ? input.auth.password
        : input.auth.kind === 'bearer'
          ? input.auth.token
          : undefined;
    const params = {
      name: input.name,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      authKind: input.auth.kind,
      user: input.auth.kind === 'basic' ? input.auth.user : null,
      secret: secretText !== undefined && secretText !== '' ? this.secrets.seal(secretText) : null,
    };
    if (input.id) {
      this.get(input.id);
      // Keep the stored secret when none is given, unless authentication is switched off.
      const keepSecret = input.auth.kind !== 'none' && params.secret === null ? 1 : 0;
      this.stmts.update.run({ ...params, id: input.id, keepSecret });
      return this.get(input.id);
    }
    const id = `a${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    this.stmts.insert.run({ ...params, id, now: new Date().toISOString() });
    return this.get(id);
  }

  remove(id: string): void {
    this.stmts.remove.run(id);
  }

  markSynced(id: string, at: string): void {
    this.stmts.synced.run(at, id);
  }
}
