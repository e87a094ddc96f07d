/**
 * Annotation objects waiting for the archive. The Part 10 bytes go in a file of their own
 * under the data folder (an outbox row only names it): workstation.db stays small, and a
 * row never points at half a file, since the file is complete and on disk (written to a
 * temporary name, flushed, renamed) before the row is added.
 *
 * A newer object for the same slide replaces one still waiting (the outbox keeps the last
 * change about a subject): the older file is then left to `sweep`, which removes the files
 * no waiting row names. Delivery is idempotent: the SOP Instance UID is in the bytes, so a
 * store repeated after a crash stores the same instance again.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkstationError } from '../../../common/errors';
import type { DicomwebClient } from '../../sources/dicomweb/client';
import { storeAnnotations } from './archiveAnn';

/** The outbox payload of a stored annotation object (kind 'annStore'). */
export interface AnnStorePayload {
  kind: 'annStore';
  /** The slide's study, where the object goes. */
  studyUID: string;
  /** The slide's series: the subject, so that a newer save replaces a waiting one. */
  slideSeriesUID: string;
  sopInstanceUID: string;
  /** File name in the annotation outbox folder. */
  file: string;
}

/** The outbox subject of a slide's annotation object. */
export const annStoreSubject = (studyUID: string, slideSeriesUID: string): string =>
  `ann:${studyUID}/${slideSeriesUID}`;

const FILE_NAME = /^ann-[0-9a-f-]{36}\.dcm$/;

export class AnnOutboxFiles {
  constructor(readonly dir: string) {}

  /** Keeps `bytes` durably and returns the file's name. Synchronous: see the file comment. */
  put(bytes: Uint8Array): string {
    fs.mkdirSync(this.dir, { recursive: true });
    const name = `ann-${randomUUID()}.dcm`;
    const temp = path.join(this.dir, `${name}.tmp`);
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path.join(this.dir, name));
    return name;
  }

  async read(name: string): Promise<Uint8Array> {
    if (!FILE_NAME.test(name))
      throw new WorkstationError('corrupt', 'A waiting annotation file has a bad name.');
    try {
      return new Uint8Array(await fs.promises.readFile(path.join(this.dir, name)));
    } catch {
      throw new WorkstationError(
        'corrupt',
        'Annotations waiting for the archive are missing from the data folder.',
      );
    }
  }

  /**
   * Removes the files (and leftover temporary files) that no waiting row names. `waiting`
   * is asked after the folder is listed, so a file put meanwhile is never taken for an
   * orphan: callers add its row in the same synchronous step as they put the file.
   */
  async sweep(waiting: () => ReadonlySet<string>): Promise<number> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return 0;
    }
    const keep = waiting();
    let removed = 0;
    for (const name of names) {
      // A temporary file is what a crash left: `put` renames its own before it returns.
      if (!(FILE_NAME.test(name) || name.endsWith('.dcm.tmp')) || keep.has(name)) continue;
      await fs.promises.rm(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}

/** Delivers one waiting annotation object (STOW-RS). */
export async function deliverAnnStore(
  client: DicomwebClient,
  files: AnnOutboxFiles,
  payload: AnnStorePayload,
  signal?: AbortSignal,
): Promise<void> {
  const bytes = await files.read(payload.file);
  await storeAnnotations(client, payload.studyUID, bytes, signal ? { signal } : {});
}
