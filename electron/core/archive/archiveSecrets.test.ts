/**
 * Issue 10.3 end to end: a stored archive secret never follows a new address, and a
 * password is never sent as a bearer token. Two tiny DICOMweb stand-ins record the
 * Authorization header of every request they get.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../common/rpc';
import { fakeWorkstation } from '../testing/fakeWorkstation';

interface Recorder {
  url: string;
  authorizations: (string | null)[];
  close(): Promise<void>;
}

/** Answers every QIDO-RS query with an empty list, remembering who asked. */
async function archiveStandIn(): Promise<Recorder> {
  const authorizations: (string | null)[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? null);
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dicom-web`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('archive secrets and addresses', () => {
  let hospital: Recorder;
  let elsewhere: Recorder;
  beforeAll(async () => {
    hospital = await archiveStandIn();
    elsewhere = await archiveStandIn();
  });
  afterAll(async () => {
    await hospital.close();
    await elsewhere.close();
  });

  it('asks for the password again when the address moves to another origin', async () => {
    const ws = await fakeWorkstation();
    const saved = await ws.handlers.saveArchive({
      name: 'PACS',
      baseUrl: hospital.url,
      auth: { kind: 'basic', user: 'anapath', password: 'old-secret' },
    });
    expect(await ws.handlers.testArchive({ id: saved.id })).toMatchObject({ ok: true });
    expect(hospital.authorizations).toContain(basic('anapath', 'old-secret'));

    const moved = await dispatch(ws.handlers, 'saveArchive', {
      id: saved.id,
      name: 'PACS',
      baseUrl: elsewhere.url,
      auth: { kind: 'basic', user: 'anapath' },
    });
    expect(moved).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(!moved.ok && moved.error.message).toMatch(
      /^Enter the password again: the address changed/,
    );
    const bearer = await dispatch(ws.handlers, 'saveArchive', {
      id: saved.id,
      name: 'PACS',
      baseUrl: hospital.url,
      auth: { kind: 'bearer' },
    });
    expect(bearer).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    // The refused edits changed nothing: the archive still answers with the old settings.
    expect(await ws.handlers.testArchive({ id: saved.id })).toMatchObject({ ok: true });
    expect(hospital.authorizations).not.toContain('Bearer old-secret');
    expect(elsewhere.authorizations).toEqual([]);

    // Typed again, the password goes to the new address, and only the new one.
    await ws.handlers.saveArchive({
      id: saved.id,
      name: 'PACS',
      baseUrl: elsewhere.url,
      auth: { kind: 'basic', user: 'anapath', password: 'new-secret' },
    });
    expect(await ws.handlers.testArchive({ id: saved.id })).toMatchObject({ ok: true });
    expect(new Set(elsewhere.authorizations)).toEqual(new Set([basic('anapath', 'new-secret')]));
    await ws.close();
  });

  it('refuses an address carrying a user name and password', async () => {
    const ws = await fakeWorkstation();
    const withPassword = hospital.url.replace('http://', 'http://anapath:secret@');
    const refused = await dispatch(ws.handlers, 'saveArchive', {
      name: 'PACS',
      baseUrl: withPassword,
      auth: { kind: 'none' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(JSON.stringify(refused)).not.toContain('secret@');
    expect(await ws.handlers.listArchives({})).toEqual([]);
    await ws.close();
  });
});
