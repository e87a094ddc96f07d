/**
 * Runs David Clunie's `dciodvfy` (Debian package dicom3tools) on a DICOM object and sorts
 * its messages. Test-only code.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DCIODVFY = process.env['DCIODVFY'] ?? '/usr/bin/dciodvfy';

export function dciodvfyInstalled(): boolean {
  return existsSync(DCIODVFY);
}

export interface DciodvfyReport {
  /** Lines starting "Error", less the known false positives below. */
  errors: string[];
  /** Lines starting "Warning". */
  warnings: string[];
  /** Errors that are the verifier's, not the object's (see KNOWN_FALSE_POSITIVES). */
  ignored: string[];
  output: string;
}

/**
 * dicom3tools 1.00~20220618 (Debian 12) checks Common Z Coordinate Value with
 * `Verify="CommonZCoordinateValue" Condition="AnnotationCoordinateTypeIsNot3D"`, a rule
 * whose condition does not test that the attribute is present: every 2D Microscopy Bulk
 * Simple Annotations object gets this error once per annotation group, with the empty value
 * "<>" showing that the attribute is absent, as the standard wants for 2D (PS3.3 C.37.1.2:
 * Common Z Coordinate Value is required only for 3D). Nothing in our objects causes it.
 */
export const KNOWN_FALSE_POSITIVES: readonly RegExp[] = [
  /^Error - Only valid for AnnotationCoordinateType of 3D - attribute <CommonZCoordinateValue> = <>$/,
];

/** Verifies `bytes` (a Part 10 file) with dciodvfy. */
export async function dciodvfy(bytes: Uint8Array): Promise<DciodvfyReport> {
  const dir = await mkdtemp(join(tmpdir(), 'lpw-dciodvfy-'));
  try {
    const file = join(dir, 'object.dcm');
    await writeFile(file, bytes);
    const output = await new Promise<string>((resolve, reject) => {
      // It exits non-zero when it finds errors; its report is on stderr either way.
      execFile(DCIODVFY, [file], { timeout: 30_000 }, (error, stdout, stderr) => {
        if (error && (error as { code?: unknown }).code === 'ENOENT')
          reject(new Error(error.message));
        else resolve(`${stdout}${stderr}`);
      });
    });
    const lines = output.split('\n').map((l) => l.trim());
    const errorLines = lines.filter((l) => l.startsWith('Error'));
    const ignored = errorLines.filter((l) => KNOWN_FALSE_POSITIVES.some((re) => re.test(l)));
    return {
      errors: errorLines.filter((l) => !ignored.includes(l)),
      warnings: lines.filter((l) => l.startsWith('Warning')),
      ignored,
      output,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
