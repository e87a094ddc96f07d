/**
 * `npm run --silent audit -- verify --data-dir DIR`: checks the audit trail of a
 * workstation's data folder (workstation.db), for hospital IT.
 *
 * Exit codes: 0 intact (one line on stdout with the number of entries), 1 tampered or
 * unreadable (one line on stderr naming the first bad entry and what is wrong: hash
 * mismatch = altered, gap in seq = deleted, broken link = inserted), 2 usage error.
 *
 * The file is opened read-only and never migrated: a trail is checked as it is
 * (core/audit/verifyDataDir.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyDataDir } from '../core/audit/verifyDataDir';
import { defaultDataDir } from '../core/paths';
import { HelpRequested, UsageError, runCli } from './runCli';

const USAGE = `usage: audit verify [--data-dir DIR]   (DIR: the workstation's data folder, holding workstation.db)`;

function parse(argv: string[]): { dataDir: string } {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') throw new HelpRequested();
  if (command !== 'verify')
    throw new UsageError(command === undefined ? 'missing command' : `unknown command ${command}`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values.help) throw new HelpRequested();
  return { dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()) };
}

runCli('audit', USAGE, async () => {
  const { dataDir } = parse(process.argv.slice(2));
  const result = verifyDataDir(dataDir);
  process.stdout.write(`audit trail intact: ${result.entries} entries\n`);
  return Promise.resolve();
});
