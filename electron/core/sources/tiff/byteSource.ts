/**
 * Random access to the bytes of a slide file, so the TIFF parser never reads a whole file:
 * a FileHandle on disk, or a buffer in memory (tests and the fuzz test). Every read is
 * bounds-checked against the size, and a read past the end is a 'corrupt' file.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { WorkstationError } from '../../../common/errors';

export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset`; throws WorkstationError('corrupt') outside the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

function checkRange(size: number, offset: number, length: number): void {
  if (
    !Number.isSafeInteger(offset) ||
    !Number.isSafeInteger(length) ||
    offset < 0 ||
    length < 0 ||
    offset + length > size
  ) {
    throw new WorkstationError('corrupt', 'The file is truncated or points outside itself');
  }
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      checkRange(bytes.length, offset, length);
      return Promise.resolve(bytes.subarray(offset, offset + length));
    },
    close: () => Promise.resolve(),
  };
}

export async function fileSource(path: string): Promise<ByteSource> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(e);
  }
  let size: number;
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw new WorkstationError('not_found', 'Not a file');
    size = stat.size;
  } catch (e) {
    await fh.close();
    throw fileError(e);
  }
  let closed = false;
  return {
    size,
    async read(offset, length) {
      checkRange(size, offset, length);
      if (closed) throw new WorkstationError('unavailable', 'The slide file was closed');
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        let bytesRead: number;
        try {
          ({ bytesRead } = await fh.read(buf, done, length - done, offset + done));
        } catch (e) {
          throw fileError(e);
        }
        // The file shrank under us since it was opened.
        if (bytesRead === 0) throw new WorkstationError('corrupt', 'The file is truncated');
        done += bytesRead;
      }
      return buf;
    },
    async close() {
      if (closed) return;
      closed = true;
      await fh.close();
    },
  };
}

function fileError(e: unknown): WorkstationError {
  if (e instanceof WorkstationError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new WorkstationError('not_found', 'Slide file not found');
  if (code === 'EISDIR') return new WorkstationError('not_found', 'Not a file');
  if (code === 'EACCES' || code === 'EPERM')
    return new WorkstationError('unavailable', 'Slide file is not readable (permission denied)');
  return new WorkstationError('unavailable', `Slide file cannot be read (${code ?? 'I/O error'})`);
}
