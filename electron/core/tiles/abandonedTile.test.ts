/**
 * An abandoned tile over a real HTTP connection: a local server plays a DICOMweb archive
 * that answers the series metadata and then stalls every frame request. When the viewer
 * gives up on the tile, the server must see its request closed, and nothing is cached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseRepository } from '../cases/caseRepository';
import { openWorkstationDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import { DicomwebClient } from '../sources/dicomweb/client';
import { openDicomwebSlide } from '../sources/dicomweb/dicomwebSlide';
import { SlideRegistry } from './slideRegistry';
import { TileService } from './tileService';
import { TileStore } from './tileStore';
import { SERIES, STUDY, stallingArchive } from './testing/stallingArchive';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const archive = await stallingArchive();
  cleanups.push(() => archive.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abandoned-'));
  const log = memoryLogger();
  const db = await openWorkstationDb(path.join(dir, 'w.db'), log);
  const cases = new CaseRepository(db);
  cases.replaceSource('local', [
    {
      source: 'local',
      sourceKey: '/x',
      accession: 'A',
      patient: { name: '', id: '', birthDate: null, sex: null },
      specimen: '',
      priority: 'routine',
      initialStatus: 'new',
      receivedAt: '2026-01-01T00:00:00Z',
      slides: [{ label: 'A1', stain: 'HE', locator: { kind: 'file', path: '/x/a1.svs' } }],
    },
  ]);
  const slideId = cases.slides(cases.list()[0]!.id)[0]!.id;
  const client = new DicomwebClient({ baseUrl: archive.url });
  const registry = new SlideRegistry(cases, () => openDicomwebSlide(client, STUDY, SERIES), log);
  const cache = await TileStore.open(path.join(dir, 'cache.db'), { log, budgetBytes: 1e9 });
  cleanups.push(async () => {
    await cache.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { archive, tiles: new TileService(registry, cache), cache, slideId };
}

describe('an abandoned tile', () => {
  it('closes its request to the archive and caches nothing', async () => {
    const { archive, tiles, cache, slideId } = await setup();
    const viewer = new AbortController();
    const request = tiles.getTile(slideId, 0, 1, 2, viewer.signal);
    await archive.received(1);
    expect(archive.frames[0]?.path).toMatch(/\/frames\/10$/);
    viewer.abort(new DOMException('The viewer moved on.', 'AbortError'));
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    // The archive sees the connection go: the frame is not sent to the end.
    await archive.frames[0]?.closed;
    await cache.flush();
    expect(cache.has({ slide: `dicom:${SERIES}`, level: 0, col: 1, row: 2 })).toBe(false);
  });

  it('keeps a request that still serves another tile of its batch', async () => {
    const { archive, tiles, slideId } = await setup();
    await tiles.getTile(slideId, 0, 0, 0, AbortSignal.abort()).catch(() => undefined);
    // Two tiles asked in the same turn travel in one multi-frame request.
    const a = new AbortController();
    const b = new AbortController();
    const first = tiles.getTile(slideId, 0, 0, 1, a.signal);
    const second = tiles.getTile(slideId, 0, 1, 1, b.signal);
    await archive.received(1);
    expect(archive.frames[0]?.path).toMatch(/\/frames\/5,6$/);
    a.abort();
    await expect(first).rejects.toThrow();
    // The request still serves the other tile: answered now, it delivers it.
    archive.frames[0]?.answer(2);
    expect((await second).bytes).toEqual(new Uint8Array([0xff, 0xd8, 0x01, 0x02, 0xff, 0xd9]));

    // Both tiles of a batch abandoned: the request goes.
    const c = new AbortController();
    const d = new AbortController();
    const third = tiles.getTile(slideId, 0, 2, 3, c.signal);
    const fourth = tiles.getTile(slideId, 0, 3, 3, d.signal);
    await archive.received(2);
    c.abort();
    d.abort();
    await Promise.allSettled([third, fourth]);
    await archive.frames[1]?.closed;
  });
});
