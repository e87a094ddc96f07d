import { describe, it, expect } from 'vitest';
import type { Archive } from '../../../../electron/common/contract';
import { checkDraft, draftFor, isDirty, isHttpUrl, keepsStoredSecret } from './archiveForm';

const stored: Archive = {
  id: 'A1',
  name: 'PACS',
  baseUrl: 'https://pacs.example.org/dicom-web',
  authKind: 'basic',
  user: 'reader',
  hasSecret: true,
  lastSyncAt: null,
  state: 'online',
  message: null,
  pendingChanges: 0,
};

describe('isHttpUrl', () => {
  it('accepts http(s) addresses only', () => {
    expect(isHttpUrl('http://127.0.0.1:8042/dicom-web')).toBe(true);
    expect(isHttpUrl('HTTPS://pacs.example.org/wado')).toBe(true);
    expect(isHttpUrl('ftp://pacs.example.org')).toBe(false);
    expect(isHttpUrl('pacs.example.org/dicom-web')).toBe(false);
    expect(isHttpUrl('http://')).toBe(false);
    expect(isHttpUrl('http://pacs example.org')).toBe(false);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('')).toBe(false);
  });
});

describe('checkDraft', () => {
  it('builds the input of a new archive, trimmed', () => {
    const check = checkDraft(
      { ...draftFor(null), name: '  PACS  ', baseUrl: ' http://127.0.0.1:8042/dicom-web ' },
      null,
    );
    expect(check.problems).toEqual({});
    expect(check.input).toEqual({
      name: 'PACS',
      baseUrl: 'http://127.0.0.1:8042/dicom-web',
      auth: { kind: 'none' },
    });
  });

  it('names every wrong field', () => {
    const check = checkDraft(
      { ...draftFor(null), name: ' ', baseUrl: 'pacs', authKind: 'basic', user: '' },
      null,
    );
    expect(check.input).toBeNull();
    expect(check.problems).toEqual({
      name: 'name',
      baseUrl: 'url',
      user: 'user',
      secret: 'password',
    });
    expect(
      checkDraft({ ...draftFor(null), name: 'x'.repeat(101), baseUrl: 'http://a' }, null).problems,
    ).toEqual({
      name: 'nameLong',
    });
    expect(
      checkDraft({ ...draftFor(null), name: 'T', baseUrl: 'http://a', authKind: 'bearer' }, null)
        .problems,
    ).toEqual({
      secret: 'token',
    });
  });

  it('keeps the stored password when the field is left empty', () => {
    const check = checkDraft(draftFor(stored), stored);
    expect(check.input).toEqual({
      id: 'A1',
      name: 'PACS',
      baseUrl: 'https://pacs.example.org/dicom-web',
      auth: { kind: 'basic', user: 'reader' },
    });
  });

  it('sends a new password when one is typed', () => {
    const check = checkDraft({ ...draftFor(stored), secret: 'n3w' }, stored);
    expect(check.input?.auth).toEqual({ kind: 'basic', user: 'reader', password: 'n3w' });
  });

  it('asks for a token when switching to bearer (the stored password is no token)', () => {
    const check = checkDraft({ ...draftFor(stored), authKind: 'bearer' }, stored);
    expect(check.problems).toEqual({ secret: 'token' });
    const withToken = checkDraft(
      { ...draftFor(stored), authKind: 'bearer', secret: 'tok' },
      stored,
    );
    expect(withToken.input?.auth).toEqual({ kind: 'bearer', token: 'tok' });
  });

  it('refuses a user name or password inside the address', () => {
    for (const baseUrl of ['http://reader:s3cret@pacs/dicom-web', 'https://reader@pacs']) {
      const check = checkDraft({ ...draftFor(null), name: 'PACS', baseUrl }, null);
      expect(check).toEqual({ input: null, problems: { baseUrl: 'urlCredentials' } });
    }
  });

  it('asks for the password again when the address moves to another origin', () => {
    for (const baseUrl of [
      'https://elsewhere.example.org/dicom-web',
      'http://pacs.example.org/dicom-web',
      'https://pacs.example.org:8443/dicom-web',
    ]) {
      const draft = { ...draftFor(stored), baseUrl };
      expect(keepsStoredSecret(draft, stored)).toBe(false);
      expect(checkDraft(draft, stored).problems).toEqual({ secret: 'passwordAgainAddress' });
      expect(checkDraft({ ...draft, secret: 'again' }, stored).input?.auth).toEqual({
        kind: 'basic',
        user: 'reader',
        password: 'again',
      });
    }
    // Another path on the same origin keeps it.
    const samePlace = { ...draftFor(stored), baseUrl: 'https://PACS.example.org:443/wado' };
    expect(keepsStoredSecret(samePlace, stored)).toBe(true);
    expect(checkDraft(samePlace, stored).input?.auth).toEqual({ kind: 'basic', user: 'reader' });
  });

  it('asks for the password again for another user, and for the token on a new address', () => {
    expect(checkDraft({ ...draftFor(stored), user: 'other' }, stored).problems).toEqual({
      secret: 'passwordAgainUser',
    });
    const bearer: Archive = { ...stored, authKind: 'bearer', user: null };
    expect(checkDraft(draftFor(bearer), bearer).problems).toEqual({});
    expect(
      checkDraft({ ...draftFor(bearer), baseUrl: 'https://vna.example.org/dicom-web' }, bearer)
        .problems,
    ).toEqual({ secret: 'tokenAgainAddress' });
  });

  it('tells whether anything changed', () => {
    expect(isDirty(draftFor(stored), stored)).toBe(false);
    expect(isDirty({ ...draftFor(stored), name: 'PACS 2' }, stored)).toBe(true);
    expect(isDirty({ ...draftFor(stored), secret: 'x' }, stored)).toBe(true);
    expect(isDirty(draftFor(null), null)).toBe(true);
  });
});
