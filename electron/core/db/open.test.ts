import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import { CACHE_PAGE_SIZE, openCacheDb, openWorkstationDb } from './open';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'open-'));

describe('openWorkstationDb', () => {
  it('uses WAL, synchronous=FULL and foreign keys', async () => {
    const db = await openWorkstationDb(path.join(tmp(), 'workstation.db'), memoryLogger());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a damaged file without touching it', async () => {
    const file = path.join(tmp(), 'workstation.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const before = fs.readFileSync(file);
    await expect(openWorkstationDb(file, memoryLogger())).rejects.toMatchObject({
      code: 'corrupt',
    });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('openCacheDb', () => {
  it('uses 16 KB pages, WAL and synchronous=NORMAL', async () => {
    const db = await openCacheDb(path.join(tmp(), 'cache.db'), memoryLogger());
    expect(db.pragma('page_size', { simple: true })).toBe(CACHE_PAGE_SIZE);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('rebuilds a corrupt cache silently and logs it', async () => {
    const file = path.join(tmp(), 'cache.db');
    fs.writeFileSync(file, Buffer.from('this is not a database'.repeat(1000)));
    const log = memoryLogger();
    const db = await openCacheDb(file, log);
    expect(db.prepare('SELECT count(*) AS n FROM tiles').get()).toEqual({ n: 0 });
    expect(log.lines.some((l) => l.event === 'cache.rebuilt')).toBe(true);
  });
});
