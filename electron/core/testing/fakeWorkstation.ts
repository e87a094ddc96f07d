/**
 * A real workstation (real SQLite files in a temp folder) whose slides come from
 * fakeSource: for engine and host tests that must not depend on the file readers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkstationError } from '../../common/errors';
import { memoryLogger } from '../log/logger';
import type { Workstation, WorkstationDeps } from '../workstation';
import { createWorkstation } from '../workstation';
import { fakeSource } from './fakeSource';

/** Makes a library folder: one case with a good slide and a file whose name says "corrupt". */
export function fakeLibrary(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-'));
  fs.mkdirSync(path.join(dir, 'B26-000001'));
  fs.writeFileSync(
    path.join(dir, 'B26-000001', 'case.json'),
    JSON.stringify({
      accession: 'B26-000001',
      priority: 'frozen',
      specimen: 'Ganglion sentinelle',
    }),
  );
  fs.writeFileSync(path.join(dir, 'B26-000001', 'A1 HE.svs'), 'good');
  fs.writeFileSync(path.join(dir, 'B26-000001', 'A2 corrupt.svs'), 'bad');
  return dir;
}

export const fakeDeps: WorkstationDeps = {
  openSlide: (locator) => {
    if (locator.kind !== 'file')
      return Promise.reject(new WorkstationError('unavailable', 'No archive in tests'));
    if (locator.path.includes('corrupt'))
      return Promise.reject(new WorkstationError('corrupt', 'Truncated TIFF file'));
    return Promise.resolve(fakeSource(`fake:${path.basename(locator.path)}`));
  },
  prepareDemoLibrary: async (dir) => {
    await fs.promises.mkdir(dir, { recursive: true });
  },
};

export async function fakeWorkstation(
  options: { dataDir?: string; libraryFolders?: string[] } = {},
): Promise<Workstation & { dataDir: string }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
  const ws = await createWorkstation(
    {
      dataDir,
      systemLocale: 'fr-FR',
      version: '0.0.0-test',
      libraryFolders: options.libraryFolders ?? [],
      log: memoryLogger(),
    },
    fakeDeps,
  );
  return Object.assign(ws, { dataDir });
}
