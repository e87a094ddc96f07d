import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { dispatch } from '../common/rpc';
import { TILE_BATCH_CONTENT_TYPE, decodeTileBatch } from '../common/tileBatch';
import { memoryLogger } from './log/logger';
import { createWorkstation } from './workstation';
import { fakeDeps, fakeLibrary, fakeWorkstation } from './testing/fakeWorkstation';
import { fakeTileBytes } from './testing/fakeSource';

describe('createWorkstation', () => {
  it('lists library cases, opens a case with a corrupt slide, and serves tiles of the good one', async () => {
    const ws = await fakeWorkstation({ libraryFolders: [fakeLibrary()] });
    const cases = await ws.handlers.listCases({});
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      accession: 'B26-000001',
      priority: 'frozen',
      slideCount: 2,
      source: 'local',
    });

    const { slides } = await ws.handlers.getCase({ caseId: cases[0]!.id });
    expect(slides.map((s) => [s.label, s.error?.code ?? null])).toEqual([
      ['A1 HE', null],
      ['A2 corrupt', 'corrupt'],
    ]);
    const good = slides[0]!;
    const info = await ws.handlers.getSlideInfo({ slideId: good.id });
    expect(info.levels[1]?.downsample).toBe(4);

    const tile = await ws.getTile(`${good.id}/0/1/2`);
    expect(tile).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    expect(tile.body).toEqual(fakeTileBytes(0, 1, 2));
    expect((await ws.getTile(`${slides[1]!.id}/0/0/0`)).status).toBe(422);
    expect((await ws.getTile(`${good.id}/0/99/0`)).status).toBe(404);
    expect((await ws.getTile('not a path')).status).toBe(400);
    expect((await ws.getTile('sUnknown/0/0/0')).status).toBe(404);

    // A batch: the same bytes as one by one, in the order asked, a failure kept to its tile.
    const batch = await ws.getTile(`${good.id}/0/many/1.2-0.0-99.0`);
    expect(batch).toMatchObject({ status: 200, contentType: TILE_BATCH_CONTENT_TYPE });
    const entries = decodeTileBatch(batch.body, 3);
    expect(entries.map((e) => [e.status, e.contentType])).toEqual([
      [200, 'image/jpeg'],
      [200, 'image/jpeg'],
      [404, null],
    ]);
    expect(entries[0]!.body).toEqual(fakeTileBytes(0, 1, 2));
    expect(entries[1]!.body).toEqual(fakeTileBytes(0, 0, 0));
    expect((await ws.getTile(`${good.id}/0/many/1.2-x`)).status).toBe(400);
    await ws.close();
  });

  it('remembers settings and case statuses across restarts, and rescans on folder changes', async () => {
    const first = await fakeWorkstation();
    expect(await first.handlers.listCases({})).toEqual([]);
    const lib = fakeLibrary();
    const settings = await first.handlers.updateSettings({ language: 'en', libraryFolders: [lib] });
    expect(settings).toMatchObject({ language: 'en', theme: 'dark', libraryFolders: [lib] });
    const [c] = await first.handlers.listCases({});
    await first.handlers.setCaseStatus({ caseId: c!.id, status: 'pending_ihc' });
    await first.close();

    const second = await fakeWorkstation({ dataDir: first.dataDir });
    expect((await second.handlers.getSettings({})).language).toBe('en');
    expect((await second.handlers.listCases({}))[0]?.status).toBe('pending_ihc');
    // A folder that does not exist is refused with its reason, and nothing is saved.
    const missing = await dispatch(second.handlers, 'updateSettings', {
      libraryFolders: ['/nope'],
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not_found', reason: 'folder_missing' },
    });
    expect((await second.handlers.getSettings({})).libraryFolders).toEqual([lib]);
    await second.close();
  });

  it('rebuilds a corrupt cache.db on start and keeps settings and statuses', async () => {
    const lib = fakeLibrary();
    const first = await fakeWorkstation({ libraryFolders: [lib] });
    await first.handlers.updateSettings({ theme: 'light' });
    const [c] = await first.handlers.listCases({});
    await first.handlers.setCaseStatus({ caseId: c!.id, status: 'in_progress' });
    const { slides } = await first.handlers.getCase({ caseId: c!.id });
    await first.getTile(`${slides[0]!.id}/0/0/0`);
    await first.close();

    const cacheFile = path.join(first.dataDir, 'cache.db');
    fs.rmSync(`${cacheFile}-wal`, { force: true });
    fs.writeFileSync(cacheFile, Buffer.alloc(64 * 1024, 0xab));

    const second = await fakeWorkstation({ dataDir: first.dataDir, libraryFolders: [lib] });
    expect((await second.handlers.getSettings({})).theme).toBe('light');
    expect((await second.handlers.listCases({}))[0]?.status).toBe('in_progress');
    expect((await second.cache.stats()).tiles).toBe(0);
    expect((await second.getTile(`${slides[0]!.id}/0/0/0`)).status).toBe(200);
    await second.close();
  });

  it('pauses prefetching on a metered link, and resumes', async () => {
    const ws = await fakeWorkstation();
    await ws.handlers.setNetworkHint({ metered: true, slow: false });
    await ws.prefetcher.sync();
    expect((await ws.handlers.getStatus({})).downloads.reasons).toEqual(['metered']);
    await ws.handlers.setNetworkHint({ metered: false, slow: false });
    await ws.prefetcher.sync();
    expect((await ws.handlers.getStatus({})).downloads.reasons).toEqual([]);
    await ws.close();
  });

  it('tells how far the demo library is while it is written, then lists its cases', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ws = await createWorkstation(
      {
        dataDir,
        systemLocale: 'en',
        version: 'test',
        libraryFolders: [fakeLibrary()],
        log: memoryLogger(),
      },
      {
        ...fakeDeps,
        prepareDemoLibrary: async (dir, onProgress) => {
          await fs.promises.mkdir(dir, { recursive: true });
          onProgress?.(0, 12);
          onProgress?.(5, 12);
          await gate;
        },
      },
    );
    const listed = ws.handlers.listCases({});
    await new Promise((r) => setTimeout(r, 20));
    expect((await ws.handlers.getStatus({})).demoLibrary).toEqual({ done: 5, total: 12 });
    release();
    expect((await listed).length).toBeGreaterThan(0);
    expect((await ws.handlers.getStatus({})).demoLibrary).toBeNull();
    await ws.close();
  });

  it('keeps viewing when the cache writer thread cannot start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    const log = memoryLogger();
    const ws = await createWorkstation(
      { dataDir, systemLocale: 'en', version: 'test', libraryFolders: [fakeLibrary()], log },
      {
        ...fakeDeps,
        cacheWriterEntry: { filename: path.join(dataDir, 'missing-writer.cjs'), options: {} },
      },
    );
    expect(log.lines.some((l) => l.event === 'cache.writer_unavailable')).toBe(true);
    const [c] = await ws.handlers.listCases({});
    const { slides } = await ws.handlers.getCase({ caseId: c!.id });
    expect((await ws.getTile(`${slides[0]!.id}/0/0/0`)).origin).toBe('source');
    await ws.cache.flush();
    expect((await ws.getTile(`${slides[0]!.id}/0/0/0`)).origin).toBe('cache');
    await ws.close();
  });

  it('keeps working when the prefetch worker cannot start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    const log = memoryLogger();
    const ws = await createWorkstation(
      { dataDir, systemLocale: 'en', version: 'test', libraryFolders: [fakeLibrary()], log },
      {
        ...fakeDeps,
        prefetch: {
          workerEntry: { filename: path.join(dataDir, 'missing-worker.cjs'), options: {} },
        },
      },
    );
    expect(log.lines.some((l) => l.event === 'prefetch.unavailable')).toBe(true);
    const [c] = await ws.handlers.listCases({});
    const { slides } = await ws.handlers.getCase({ caseId: c!.id });
    expect((await ws.getTile(`${slides[0]!.id}/0/0/0`)).status).toBe(200);
    expect((await ws.handlers.getStatus({})).downloads.cases).toEqual([]);
    await ws.close();
  });
});
