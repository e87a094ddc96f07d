import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseRepository } from '../cases/caseRepository';
import { openWorkstationDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import type { FakeSource } from '../testing/fakeSource';
import { fakeSource, fakeTileBytes } from '../testing/fakeSource';
import { SlideRegistry } from './slideRegistry';
import { TileStore } from './tileStore';
import { TileService } from './tileService';

async function setup(opener?: () => Promise<FakeSource>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiles-'));
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
  const source = fakeSource('tiff:abc');
  let opens = 0;
  const registry = new SlideRegistry(
    cases,
    () => {
      opens++;
      return opener ? opener() : Promise.resolve(source);
    },
    log,
  );
  const cache = await TileStore.open(path.join(dir, 'cache.db'), { log, budgetBytes: 1e9 });
  return {
    tiles: new TileService(registry, cache),
    source,
    slideId,
    cases,
    cache,
    opens: () => opens,
  };
}

describe('TileService', () => {
  it('reads through the source on a miss and from the cache afterwards', async () => {
    const { tiles, source, slideId } = await setup();
    const first = await tiles.getTile(slideId, 0, 1, 2);
    expect(first.origin).toBe('source');
    expect(first.bytes).toEqual(fakeTileBytes(0, 1, 2));
    const second = await tiles.getTile(slideId, 0, 1, 2);
    expect(second.origin).toBe('cache');
    expect(second.bytes).toEqual(fakeTileBytes(0, 1, 2));
    expect(source.reads).toBe(1);
  });

  it('shares one source read between concurrent requests for a tile', async () => {
    const { tiles, source, slideId } = await setup();
    await Promise.all([1, 2, 3, 4].map(() => tiles.getTile(slideId, 1, 0, 0)));
    expect(source.reads).toBe(1);
  });

  it('keys the cache by slide identity, so hits need no source once the identity is known', async () => {
    const { tiles, slideId, cases } = await setup();
    await tiles.getTile(slideId, 0, 0, 0);
    expect(cases.slide(slideId).identity).toBe('tiff:abc');
    // A new service whose source cannot be opened (archive down) still serves cached tiles.
    const log = memoryLogger();
    const registry = new SlideRegistry(cases, () => Promise.reject(new Error('offline')), log);
    const { cache } = await setup();
    cache.put(
      { slide: 'tiff:abc', level: 0, col: 0, row: 0 },
      { bytes: fakeTileBytes(0, 0, 0), contentType: 'image/jpeg' },
    );
    const offline = new TileService(registry, cache);
    expect((await offline.getTile(slideId, 0, 0, 0)).origin).toBe('cache');
    await expect(offline.getTile(slideId, 0, 1, 1)).rejects.toThrow();
  });

  it('passes source errors through as typed errors and remembers broken slides', async () => {
    const { WorkstationError } = await import('../../common/errors');
    const { tiles, slideId, cases } = await setup(() =>
      Promise.reject(new WorkstationError('corrupt', 'Truncated file')),
    );
    await expect(tiles.getTile(slideId, 0, 0, 0)).rejects.toMatchObject({ code: 'corrupt' });
    expect(cases.slide(slideId).error).toEqual({ code: 'corrupt', message: 'Truncated file' });
  });

  it('returns not_found outside the grid', async () => {
    const { tiles, slideId } = await setup();
    await expect(tiles.getTile(slideId, 0, 99, 0)).rejects.toMatchObject({ code: 'not_found' });
    await expect(tiles.getTile(slideId, 7, 0, 0)).rejects.toMatchObject({ code: 'not_found' });
  });
});
