/**
 * Window placements remembered between runs: a small JSON file in the user data folder.
 * Node only (fs). Writes are synchronous because they happen while windows close, when
 * the process may be about to exit; the file is a few hundred bytes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LayoutMemory } from '../common/layout';
import { EMPTY_LAYOUT_MEMORY, parseLayoutMemory } from '../common/layout';

export const LAYOUT_FILE_NAME = 'window-layout.json';

export interface LayoutStore {
  load(): LayoutMemory;
  save(memory: LayoutMemory): void;
}

export function fileLayoutStore(dir: string): LayoutStore {
  const file = path.join(dir, LAYOUT_FILE_NAME);
  return {
    load() {
      try {
        return parseLayoutMemory(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // Missing or damaged: start from the default layout.
        return EMPTY_LAYOUT_MEMORY;
      }
    },
    save(memory) {
      mkdirSync(dir, { recursive: true });
      // Write then rename, so a crash mid-write never leaves half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(memory));
      renameSync(tmp, file);
    },
  };
}
