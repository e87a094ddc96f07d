/**
 * The outbox for the laboratory system: `<dataDir>/outbox/lis/`, one FHIR JSON file per
 * stain request, which the hospital's interface engine (Mirth, Rhapsody...) picks up and
 * removes or moves (README, "Stain requests"). A file appears whole or not at all: it is
 * written under a temporary name starting with '.', flushed, then renamed into place, so a
 * reader watching `*.json` never sees half a request.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const LIS_OUTBOX_FOLDER = path.join('outbox', 'lis');

/** The file name of a request: when it was made (sortable) and its id. */
export function outboxFileName(requestedAt: string, requestId: string): string {
  const stamp = requestedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `stain-request-${stamp}-${requestId}.json`;
}

export async function writeOutboxFile(dir: string, name: string, json: unknown): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
  const fh = await fs.open(temp, 'w');
  try {
    await fh.writeFile(`${JSON.stringify(json, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.rename(temp, path.join(dir, name));
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}
