/**
 * A new data folder holding a copy of the run's demo library (generated once by the shared
 * host: generating it again takes a minute on a busy 2-core machine), for specs that start
 * a host of their own because they change what other specs read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostEnv } from './env';

export function freshDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.join(hostEnv().dataDir, 'demo-library'), path.join(dir, 'demo-library'), {
    recursive: true,
  });
  return dir;
}
