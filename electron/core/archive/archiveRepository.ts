/**
 * DICOMweb archives in workstation.db. Secrets go in and out sealed (secretBox.ts), never
 * inside the address, and only ever to the origin they were entered for (archiveAddress.ts).
 */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../common/errors';
import type { WorkstationDb } from '../db/open';
import type { DicomwebAuth } from '../sources/dicomweb/client';
import type { SecretDropReason } from './archiveAddress';
import { addressCredentials, secretDropReason, withoutCredentials } from './archiveAddress';
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

/**
 * What the user edits. A missing secret on update keeps the stored one, as long as the
 * origin of the address, the kind of authentication and the user name stay the same.
 */
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

export const CREDENTIALS_IN_ADDRESS =
  'The archive address must not contain a user name or password: enter them under Authentication.';

/** The refusal when a stored secret cannot follow an edit and none is given. */
export function secretAgainMessage(reason: SecretDropReason, kind: 'basic' | 'bearer'): string {
  const what = kind === 'bearer' ? 'token' : 'password';
  const why =
    reason === 'address'
      ? 'the address changed'
      : reason === 'user'
        ? 'the user name changed'
        : 'the kind of authentication changed';
  return `Enter the ${what} again: ${why}. A stored secret is only sent where and as it was entered.`;
}

const toRecord = (r: Row): ArchiveRecord => ({
  id: r.id,
  name: r.name,
  // Addresses stored with credentials inside are split on open; this is the last guard.
  baseUrl: withoutCredentials(r.base_url),
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
      moveAddressCredentials: db.prepare(`
        UPDATE archives SET base_url = @baseUrl, auth_kind = @authKind, auth_user = @user,
          secret = @secret WHERE id = @id`),
      remove: db.prepare<[string]>('DELETE FROM archives WHERE id = ?'),
      synced: db.prepare<[string, string]>('UPDATE archives SET last_sync_at = ? WHERE id = ?'),
    };
    db.transaction(() => this.moveAddressCredentials())();
  }

  /**
   * Archives saved before addresses with credentials were refused: the credentials leave
   * the address. With no other authentication they become the sealed basic secret (which
   * is what the DICOMweb client did with them); otherwise the configured one wins.
   */
  private moveAddressCredentials(): void {
    for (const row of this.stmts.list.all()) {
      const credentials = addressCredentials(row.base_url);
      if (!credentials) continue;
      const baseUrl = withoutCredentials(row.base_url);
      const moved = row.auth_kind === 'none' && credentials.user !== '';
      let secret = moved ? null : row.secret;
      if (moved && credentials.password !== '') {
        try {
          secret = this.secrets.seal(credentials.password);
        } catch {
          secret = null; // Never kept unsealed: the user is asked for it again.
        }
      }
      this.stmts.moveAddressCredentials.run({
        id: row.id,
        baseUrl,
        authKind: moved ? 'basic' : row.auth_kind,
        user: moved ? credentials.user : row.auth_user,
        secret,
      });
    }
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
    if (addressCredentials(input.baseUrl) !== null)
      throw new WorkstationError('invalid_argument', CREDENTIALS_IN_ADDRESS);
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
      const stored = this.get(input.id);
      // A stored secret is kept when none is given, unless authentication is switched off or
      // it would go to another origin, as another kind of credential, or for another user.
      const dropped =
        input.auth.kind === 'none'
          ? null
          : secretDropReason(stored, {
              baseUrl: params.baseUrl,
              authKind: params.authKind,
              user: params.user,
            });
      if (input.auth.kind !== 'none' && params.secret === null && stored.hasSecret && dropped)
        throw new WorkstationError(
          'invalid_argument',
          secretAgainMessage(dropped, input.auth.kind),
        );
      const keepSecret = input.auth.kind !== 'none' && params.secret === null && !dropped ? 1 : 0;
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
