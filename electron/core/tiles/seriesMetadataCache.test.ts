import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import { PrefetchCache } from '../prefetch/prefetchCache';
import type { SlideLocator } from '../cases/caseRepository';
import { DicomwebClient } from '../sources/dicomweb/client';
import { openLocator } from '../sources/openLocator';
import { SERIES, STUDY, stallingArchive } from './testing/stallingArchive';
import { TileStore } from './tileStore';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('archive series metadata in cache.db', () => {
  it('opens a series the other thread opened without asking the archive again', async () => {
    const archive = await stallingArchive();
    cleanups.push(() => archive.close());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'series-metadata-'));
    const store = await TileStore.open(path.join(dir, 'cache.db'), {
      log: memoryLogger(),
      budgetBytes: 1e9,
    });
    cleanups.push(async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const client = new DicomwebClient({ baseUrl: archive.url });
    const locator: SlideLocator = {
      kind: 'dicomweb',
      archiveId: 'a1',
      studyUID: STUDY,
      seriesUID: SERIES,
    };

    // The window opens it first: one request, and the metadata is kept.
    const first = await openLocator(locator, () => client, {
      seriesMetadata: store.seriesMetadata,
    });
    expect(archive.metadataRequests()).toBe(1);
    await store.flush();

    // The prefetch worker's view of the same file opens it with no request at all.
    const worker = new PrefetchCache(store.connect(), { writeBatch: 256, writeDelayMs: 10 });
    const again = await openLocator(locator, () => client, {
      seriesMetadata: worker.seriesMetadata,
    });
    expect(archive.metadataRequests()).toBe(1);
    expect(again.identity).toBe(first.identity);
    expect(again.metadata).toEqual(first.metadata);
    await worker.close();

    // Without the cache, the archive is asked.
    await openLocator(locator, () => client);
    expect(archive.metadataRequests()).toBe(2);
  });
});
