/**
 * Where the files shipped beside the code are (resources/<name>: report templates, fonts,
 * speech vocabularies): found upwards from `from`, the module's folder when it has a
 * __dirname (Vitest, the CommonJS bundle), else the working directory (tsx, where npm
 * scripts run at the repository root). No import.meta: the bundle is CommonJS. In a
 * packaged app they are packed in app.asar (electron-builder.yml `files`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkstationError } from '../common/errors';

export function findResourceDir(
  name: string,
  from: string = typeof __dirname === 'string' ? __dirname : process.cwd(),
): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    // A packaged app's workers run from app.asar.unpacked; resources are packed in app.asar.
    for (const base of new Set([dir, dir.replace(/app\.asar\.unpacked(?=$|[\\/])/, 'app.asar')])) {
      const candidate = path.join(base, 'resources', name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new WorkstationError('internal', `The workstation's resources/${name} folder is missing.`);
}
