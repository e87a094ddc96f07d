import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkstationError } from '../../common/errors';
import { assertLibraryFolder, assertNewLibraryFolders, folderReason } from './libraryFolderCheck';

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-check-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function refusal(folder: string): Promise<WorkstationError> {
  try {
    await assertLibraryFolder(folder);
  } catch (e) {
    if (e instanceof WorkstationError) return e;
    throw e;
  }
  throw new Error(`${folder} was accepted`);
}

describe('library folder check', () => {
  it('accepts a readable folder', async () => {
    await expect(assertLibraryFolder(tempDir())).resolves.toBeUndefined();
  });

  it('refuses a missing folder, a file, and a relative path, each with its reason', async () => {
    const dir = tempDir();
    const missing = await refusal(path.join(dir, 'nope'));
    expect([missing.code, missing.reason]).toEqual(['not_found', 'folder_missing']);
    expect(missing.message).toContain(path.join(dir, 'nope'));

    const file = path.join(dir, 'slide.svs');
    fs.writeFileSync(file, 'x');
    const notFolder = await refusal(file);
    expect([notFolder.code, notFolder.reason]).toEqual([
      'invalid_argument',
      'folder_not_directory',
    ]);

    const relative = await refusal('slides/today');
    expect([relative.code, relative.reason]).toEqual(['invalid_argument', 'folder_relative']);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder this account cannot list', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o000);
    const denied = await refusal(dir);
    expect([denied.code, denied.reason]).toEqual(['unauthorized', 'folder_unreadable']);
  });

  it('checks only the folders being added', async () => {
    const good = tempDir();
    const gone = path.join(good, 'unplugged');
    // A folder already in the list (a drive unplugged since) does not block the others.
    await expect(assertNewLibraryFolders([gone], [gone, good])).resolves.toBeUndefined();
    await expect(assertNewLibraryFolders([good], [good, gone])).rejects.toMatchObject({
      reason: 'folder_missing',
    });
    await expect(assertNewLibraryFolders([good], undefined)).resolves.toBeUndefined();
  });

  it('names the reason of what Node says', () => {
    expect(folderReason('ENOENT')).toBe('folder_missing');
    expect(folderReason('ENOTDIR')).toBe('folder_not_directory');
    expect(folderReason('EACCES')).toBe('folder_unreadable');
    expect(folderReason(undefined)).toBe('folder_unreadable');
  });
});
