/**
 * Testing an archive as typed: the credentials it would be saved with, a real request to a
 * loopback server, and no state of any saved archive touched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomwebAuth } from '../sources/dicomweb/client';
import type { StoredArchives } from './archiveInputTest';
import { authForInput, testArchiveInput } from './archiveInputTest';
import type { ArchiveRecord } from './archiveRepository';

let server: http.Server;
let base: string;
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    if (req.headers.authorization !== 'Bearer right') {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end(JSON.stringify([{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function stored(record: Partial<ArchiveRecord>, auth: DicomwebAuth): StoredArchives {
  const full: ArchiveRecord = {
    id: 'a1',
    name: 'PACS',
    baseUrl: base,
    authKind: 'bearer',
    user: null,
    hasSecret: true,
    lastSyncAt: null,
    ...record,
  };
  return {
    get: (id) => {
      if (id !== full.id) throw new Error(`unknown ${id}`);
      return full;
    },
    auth: () => auth,
  };
}
const none = stored({ id: 'none' }, { kind: 'none' });

describe('testing an archive as typed', () => {
  it('answers with the studies found, using the typed token', async () => {
    const result = await testArchiveInput(
      { name: 'PACS', baseUrl: base, auth: { kind: 'bearer', token: 'right' } },
      none,
    );
    expect(result).toEqual({ ok: true, code: null, message: 'ok', studies: 1 });
  });

  it('says why it failed with a code: refused credentials, nothing listening', async () => {
    const refused = await testArchiveInput(
      { name: 'PACS', baseUrl: base, auth: { kind: 'bearer', token: 'wrong' } },
      none,
    );
    expect(refused).toMatchObject({ ok: false, code: 'unauthorized', studies: 0 });
    const down = await testArchiveInput(
      { name: 'PACS', baseUrl: 'http://127.0.0.1:9/dicom-web', auth: { kind: 'none' } },
      none,
      { timeoutMs: 2_000 },
    );
    expect(down).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('uses the stored secret of the archive being edited only where it may follow', async () => {
    const archive = stored({}, { kind: 'bearer', token: 'right' });
    const kept = await testArchiveInput(
      { id: 'a1', name: 'PACS renamed', baseUrl: base, auth: { kind: 'bearer' } },
      archive,
    );
    expect(kept.ok).toBe(true);
    expect(seen.at(-1)).toBe('Bearer right');
    // Another origin: the stored token is not sent there.
    expect(() =>
      authForInput(
        {
          id: 'a1',
          name: 'PACS',
          baseUrl: 'https://elsewhere.example/dicom-web',
          auth: { kind: 'bearer' },
        },
        archive,
      ),
    ).toThrow(/again/);
    // A new archive has no stored secret to keep.
    expect(() =>
      authForInput({ name: 'PACS', baseUrl: base, auth: { kind: 'bearer' } }, archive),
    ).toThrow(/again/);
  });

  it('refuses credentials inside the address, as saving does', () => {
    expect(() =>
      authForInput(
        { name: 'P', baseUrl: 'http://u:p@127.0.0.1/dicom-web', auth: { kind: 'none' } },
        none,
      ),
    ).toThrow();
  });
});
