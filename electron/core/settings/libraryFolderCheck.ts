/**
 * Whether a path can be a library folder: absolute, present, a folder, and readable by
 * this account. A folder that fails is refused before anything is saved, with a reason the
 * UI explains in the user's language (the English message is for hospital IT).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode, ErrorReason } from '../../common/errors';
import { WorkstationError } from '../../common/errors';

/** The reason of a folder that cannot be read, from the error Node gave when reading it. */
export function folderReason(errnoCode: string | undefined): ErrorReason {
  if (errnoCode === 'ENOENT') return 'folder_missing';
  if (errnoCode === 'ENOTDIR') return 'folder_not_directory';
  return 'folder_unreadable';
}

const MESSAGES: Record<ErrorReason, (folder: string) => string> = {
  folder_missing: (f) => `Folder not found: ${f}`,
  folder_not_directory: (f) => `Not a folder: ${f}`,
  folder_unreadable: (f) => `The folder cannot be read: ${f}`,
  folder_relative: (f) => `Library folders must be absolute paths (${f}).`,
};

/** The English sentence for hospital IT about a folder and a reason. */
export function folderMessage(reason: ErrorReason, folder: string): string {
  return MESSAGES[reason](folder);
}

const CODES: Record<ErrorReason, ErrorCode> = {
  folder_missing: 'not_found',
  folder_not_directory: 'invalid_argument',
  folder_unreadable: 'unauthorized',
  folder_relative: 'invalid_argument',
};

function refuse(reason: ErrorReason, folder: string, cause?: string): WorkstationError {
  const message = folderMessage(reason, folder) + (cause ? ` (${cause})` : '');
  return new WorkstationError(CODES[reason], message, undefined, reason);
}

/** Throws a WorkstationError with a folder reason unless `folder` can be read as a library. */
export async function assertLibraryFolder(folder: string): Promise<void> {
  if (!path.isAbsolute(folder)) throw refuse('folder_relative', folder);
  try {
    const stat = await fs.stat(folder);
    if (!stat.isDirectory()) throw refuse('folder_not_directory', folder);
    // Listing it is the real test: on Windows an ACL can refuse it though stat succeeds.
    await fs.readdir(folder);
  } catch (e) {
    if (e instanceof WorkstationError) throw e;
    const errno = (e as NodeJS.ErrnoException).code;
    throw refuse(folderReason(errno), folder, errno);
  }
}

/** Checks the folders of `next` that `before` did not have (those kept stay as they are). */
export async function assertNewLibraryFolders(
  before: readonly string[],
  next: readonly string[] | undefined,
): Promise<void> {
  for (const folder of next ?? []) {
    if (!before.includes(folder)) await assertLibraryFolder(folder);
  }
}
