/** The workstation starting on a damaged workstation.db, through createWorkstation. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeWorkstation } from '../testing/fakeWorkstation';
import { backupsDir, listBackups } from './backup';

describe('a workstation starting on a damaged workstation.db', () => {
  it('restores the daily backup taken at the previous start and says so in getAppInfo', async () => {
    const first = await fakeWorkstation();
    await first.handlers.updateSettings({ language: 'en' });
    expect((await first.handlers.getAppInfo({})).databaseRecovery).toBeNull();
    // The first start took a backup (there was none).
    expect(listBackups(backupsDir(first.dataDir))).toHaveLength(1);
    await first.close();

    const file = path.join(first.dataDir, 'workstation.db');
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    fs.closeSync(fd);

    const second = await fakeWorkstation({ dataDir: first.dataDir });
    const info = await second.handlers.getAppInfo({});
    expect(info.databaseRecovery).toMatchObject({ outcome: 'restored' });
    expect(fs.existsSync(path.join(first.dataDir, info.databaseRecovery!.damagedFile))).toBe(true);
    // The backup was taken before the language was set: the default is back.
    expect((await second.handlers.getSettings({})).language).toBeNull();
    await second.close();
  });
});
