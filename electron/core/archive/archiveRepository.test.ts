import { describe, expect, it } from 'vitest';
import { ArchiveInputSchema } from '../../common/contract';
import { openWorkstationDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import {
  addressCredentials,
  originOf,
  secretDropReason,
  withoutCredentials,
} from './archiveAddress';
import { ArchiveRepository } from './archiveRepository';
import type { SecretBox } from './secretBox';

/** Seals by reversing and tagging, so a test can tell sealed bytes from plain ones. */
const testBox: SecretBox = {
  storage: 'keychain',
  seal: (plain) => Buffer.from(`sealed:${[...plain].reverse().join('')}`),
  open: (sealed) => [...sealed.toString().slice('sealed:'.length)].reverse().join(''),
};

async function repository() {
  const db = await openWorkstationDb(':memory:', memoryLogger());
  return { db, repo: new ArchiveRepository(db, testBox) };
}

/** `code: message` of what `fn` throws, or null when it does not. */
const refusal = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
};

describe('archive addresses', () => {
  it('finds credentials, strips them, and compares origins', () => {
    expect(addressCredentials('http://pacs/dicom-web')).toBeNull();
    expect(addressCredentials('http://us%20er:p%40ss@pacs/dicom-web')).toEqual({
      user: 'us er',
      password: 'p@ss',
    });
    expect(addressCredentials('https://token@pacs')).toEqual({ user: 'token', password: '' });
    expect(withoutCredentials('http://u:p@pacs:8042/dicom-web/')).toBe(
      'http://pacs:8042/dicom-web',
    );
    expect(withoutCredentials('http://pacs/dicom-web')).toBe('http://pacs/dicom-web');
    expect(originOf('HTTP://Pacs:80/a')).toBe('http://pacs');
    const stored = { baseUrl: 'http://pacs/dicom-web', authKind: 'basic', user: 'u' };
    expect(secretDropReason(stored, { ...stored, baseUrl: 'http://pacs:80/other-path' })).toBe(
      null,
    );
    expect(secretDropReason(stored, { ...stored, baseUrl: 'https://pacs/dicom-web' })).toBe(
      'address',
    );
    expect(secretDropReason(stored, { ...stored, baseUrl: 'http://pacs:8080/dicom-web' })).toBe(
      'address',
    );
    expect(secretDropReason(stored, { ...stored, baseUrl: 'http://evil/dicom-web' })).toBe(
      'address',
    );
    expect(secretDropReason(stored, { ...stored, authKind: 'bearer', user: null })).toBe(
      'authKind',
    );
    expect(secretDropReason(stored, { ...stored, user: 'v' })).toBe('user');
  });

  it('are refused with credentials inside, by the contract', () => {
    const input = { name: 'PACS', auth: { kind: 'none' } };
    for (const baseUrl of [
      'http://user:pass@pacs/dicom-web',
      'https://user@pacs',
      'http://a:b@pacs:8042',
    ]) {
      const parsed = ArchiveInputSchema.safeParse({ ...input, baseUrl });
      expect(parsed.success).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).toContain('user name or password');
    }
    expect(ArchiveInputSchema.safeParse({ ...input, baseUrl: 'http://pacs/a@b' }).success).toBe(
      true,
    );
  });
});

describe('ArchiveRepository secrets', () => {
  it('refuses an address with credentials inside', async () => {
    const { repo } = await repository();
    expect(
      refusal(() =>
        repo.save({
          name: 'PACS',
          baseUrl: 'http://admin:secret@pacs/dicom-web',
          auth: { kind: 'none' },
        }),
      ),
    ).toMatch(/^invalid_argument: .*must not contain a user name or password/);
    expect(repo.list()).toEqual([]);
  });

  it('never lets a stored secret follow a new origin', async () => {
    const { repo } = await repository();
    const a = repo.save({
      name: 'PACS',
      baseUrl: 'https://pacs.chu.fr/dicom-web',
      auth: { kind: 'basic', user: 'anapath', password: 'old-secret' },
    });
    const moved = { id: a.id, name: 'PACS', baseUrl: 'https://elsewhere.example/dicom-web' };
    expect(
      refusal(() => repo.save({ ...moved, auth: { kind: 'basic', user: 'anapath' } })),
    ).toMatch(/^invalid_argument: Enter the password again: the address changed/);
    // Refused: nothing changed, the secret is still there for the old address only.
    expect(repo.get(a.id).baseUrl).toBe('https://pacs.chu.fr/dicom-web');
    expect(repo.auth(a.id)).toEqual({ kind: 'basic', user: 'anapath', password: 'old-secret' });
    // Another port or scheme is another origin too.
    for (const baseUrl of ['https://pacs.chu.fr:8443/dicom-web', 'http://pacs.chu.fr/dicom-web']) {
      expect(
        refusal(() => repo.save({ ...moved, baseUrl, auth: { kind: 'basic', user: 'anapath' } })),
      ).toMatch(/^invalid_argument: Enter the password again/);
    }
    // With the password typed again, the new address is saved with it.
    repo.save({ ...moved, auth: { kind: 'basic', user: 'anapath', password: 'new-secret' } });
    expect(repo.get(a.id)).toMatchObject({ baseUrl: moved.baseUrl, hasSecret: true });
    expect(repo.auth(a.id)).toEqual({ kind: 'basic', user: 'anapath', password: 'new-secret' });
    // Another path on the same origin keeps it.
    repo.save({
      ...moved,
      baseUrl: 'https://elsewhere.example/wado',
      auth: { kind: 'basic', user: 'anapath' },
    });
    expect(repo.auth(a.id)).toEqual({ kind: 'basic', user: 'anapath', password: 'new-secret' });
  });

  it('never sends a password as a bearer token, nor for another user', async () => {
    const { repo } = await repository();
    const a = repo.save({
      name: 'PACS',
      baseUrl: 'https://pacs/dicom-web',
      auth: { kind: 'basic', user: 'anapath', password: 'old-secret' },
    });
    const same = { id: a.id, name: 'PACS', baseUrl: 'https://pacs/dicom-web' };
    expect(refusal(() => repo.save({ ...same, auth: { kind: 'bearer' } }))).toMatch(
      /^invalid_argument: Enter the token again: the kind of authentication changed/,
    );
    expect(refusal(() => repo.save({ ...same, auth: { kind: 'basic', user: 'other' } }))).toMatch(
      /^invalid_argument: Enter the password again: the user name changed/,
    );
    expect(repo.auth(a.id)).toEqual({ kind: 'basic', user: 'anapath', password: 'old-secret' });
    repo.save({ ...same, auth: { kind: 'bearer', token: 'tok' } });
    expect(repo.auth(a.id)).toEqual({ kind: 'bearer', token: 'tok' });
    // Switching authentication off drops the secret; switching it back on asks for none
    // (there is nothing left to protect) and sends an empty one until it is given.
    repo.save({ ...same, auth: { kind: 'none' } });
    expect(repo.get(a.id).hasSecret).toBe(false);
    repo.save({ ...same, auth: { kind: 'bearer' } });
    expect(repo.auth(a.id)).toEqual({ kind: 'bearer', token: '' });
  });

  it('moves credentials found in stored addresses into the sealed secret, and never returns them', async () => {
    const { db } = await repository();
    const insert = db.prepare(
      `INSERT INTO archives (id, name, base_url, auth_kind, auth_user, secret, position, created_at)
       VALUES (?, 'PACS', ?, ?, ?, ?, 0, 'now')`,
    );
    insert.run('a1', 'http://anapath:p%40ss@pacs:8042/dicom-web', 'none', null, null);
    insert.run('a2', 'https://old:leak@vna/dicom-web', 'bearer', null, testBox.seal('tok'));
    const repo = new ArchiveRepository(db, testBox);
    expect(repo.list().map((a) => [a.id, a.baseUrl, a.authKind, a.user, a.hasSecret])).toEqual([
      ['a1', 'http://pacs:8042/dicom-web', 'basic', 'anapath', true],
      ['a2', 'https://vna/dicom-web', 'bearer', null, true],
    ]);
    expect(repo.auth('a1')).toEqual({ kind: 'basic', user: 'anapath', password: 'p@ss' });
    expect(repo.auth('a2')).toEqual({ kind: 'bearer', token: 'tok' });
    const raw = JSON.stringify(
      db.prepare('SELECT base_url, auth_user, hex(secret) AS secret FROM archives').all(),
    );
    expect(raw).not.toMatch(/p%40ss|p@ss|leak/);
  });

  it('strips credentials on read whatever is stored', async () => {
    const { db } = await repository();
    const repo = new ArchiveRepository(db, testBox);
    db.prepare(
      `INSERT INTO archives (id, name, base_url, auth_kind, position, created_at)
       VALUES ('a3', 'PACS', 'http://u:p@pacs/dicom-web', 'none', 0, 'now')`,
    ).run();
    expect(repo.get('a3').baseUrl).toBe('http://pacs/dicom-web');
    expect(JSON.stringify(repo.list())).not.toContain('u:p@');
  });
});
