/**
 * What every command line tool of the workstation does the same way: a usage error exits
 * 2, any other failure exits 1, each with one line on stderr and no stack trace; --help
 * prints the usage; a command that never settles fails instead of exiting 0 in silence.
 */
import { isWorkstationError } from '../common/errors';

export class UsageError extends Error {}
export class HelpRequested extends Error {}

/** One line, no stack trace: what is wrong, in words a person can act on. */
function fail(message: string, code: number): void {
  process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exitCode = code;
}

export function runCli(name: string, usage: string, main: () => Promise<void>): void {
  let settled = false;
  process.on('exit', () => {
    // A promise that can never settle would otherwise exit silently with status 0.
    if (!settled) {
      process.stderr.write(`${name}: internal error: the command did not finish\n`);
      process.exitCode = 1;
    }
  });
  main().then(
    () => {
      settled = true;
    },
    (e: unknown) => {
      settled = true;
      if (e instanceof HelpRequested) {
        process.stdout.write(`${usage}\n`);
      } else if (e instanceof UsageError) {
        fail(`${name}: ${e.message} (run "${name} --help" for usage)`, 2);
      } else if (isWorkstationError(e)) {
        fail(`${name}: ${e.code}: ${e.message}`, 1);
      } else {
        fail(`${name}: error: ${e instanceof Error ? e.message : String(e)}`, 1);
      }
    },
  );
}
