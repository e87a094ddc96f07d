/**
 * `npm run serve [-- --port N] [--data-dir DIR] [--library FOLDER]... [--test-hooks]`: runs
 * the workstation in a browser. Prints the URL to open (it carries the per-launch token, or
 * WORKSTATION_TOKEN when set). `--test-hooks` puts `window.__viewer` in the page, for
 * end-to-end tests and benchmarks; never for clinical use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDeps } from '../core/defaultDeps';
import { consoleLogger } from '../core/log/logger';
import { defaultDataDir, systemLocale } from '../core/paths';
import { createWorkstation } from '../core/workstation';
import { newToken } from './auth';
import { createHostServer, listen } from './server';

function readVersion(): string {
  const pkg = JSON.parse(
    fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

const USAGE =
  'Usage: npm run serve -- [--port N] [--data-dir DIR] [--library FOLDER]... [--test-hooks]';

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        library: { type: 'string', multiple: true },
        'test-hooks': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port ${values.port}\n${USAGE}`);
    process.exit(2);
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const log = consoleLogger('host');
  const workstation = await createWorkstation(
    {
      dataDir,
      systemLocale: systemLocale(),
      version: readVersion(),
      libraryFolders: (values.library ?? []).map((f) => path.resolve(f)),
      log,
    },
    defaultDeps(log),
  );
  const token = process.env.WORKSTATION_TOKEN || newToken();
  const rendererDir = path.resolve(import.meta.dirname, '../../dist/renderer');
  const server = createHostServer({
    workstation,
    token,
    rendererDir,
    testHooks: values['test-hooks'] === true,
  });
  const bound = await listen(server, port);
  console.log(`Workstation ready: http://127.0.0.1:${bound}/?token=${token}`);
  console.log(`Data folder: ${dataDir}`);

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void workstation.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`Cannot start the workstation: ${(e as Error).message}`);
  process.exit(1);
});
