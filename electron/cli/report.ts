/**
 * `npm run --silent report -- export --data-dir DIR --case ACCESSION --format pdf|fhir`:
 * a case's signed report without the window, for the laboratory system and hospital IT.
 *
 *   export   writes the signed report to stdout: the PDF's bytes as they are, or the FHIR R4
 *            Bundle (JSON). The export is recorded in the audit trail, as from the window.
 *
 * `--library DIR` (repeatable) adds a library folder for this run, as for `npm run serve`;
 * `--data-dir` defaults to the application's own data folder.
 *
 * Exit codes (electron/cli/runCli.ts, as every CLI of the workstation): 0 done; 1 failed,
 * with one line on stderr (no such case, no signed report, a signature that no longer
 * matches); 2 usage error (a missing or unknown option, a format other than pdf or fhir).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkstationError } from '../common/errors';
import { defaultDataDir } from '../core/paths';
import { callContract, withCliWorkstation, writeStdout } from './cliIo';
import { HelpRequested, UsageError, runCli } from './runCli';

const USAGE = `usage: report export --data-dir DIR --case ACCESSION --format pdf|fhir [--library DIR]...
       writes the case's signed report to standard output (PDF bytes, or FHIR R4 JSON)`;

const FORMATS = ['pdf', 'fhir'] as const;
type Format = (typeof FORMATS)[number];

interface Command {
  dataDir: string;
  accession: string;
  format: Format;
  libraries: string[];
}

function parse(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') throw new HelpRequested();
  if (command !== 'export')
    throw new UsageError(command === undefined ? 'missing command' : `unknown command ${command}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        'data-dir': { type: 'string' },
        case: { type: 'string' },
        format: { type: 'string' },
        library: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { values } = parsed;
  if (values.help) throw new HelpRequested();
  if (!values.case) throw new UsageError('--case ACCESSION is required');
  const format = values.format;
  if (format === undefined) throw new UsageError('--format pdf|fhir is required');
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be pdf or fhir (got ${format})`);
  return {
    dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()),
    accession: values.case,
    format: format as Format,
    libraries: (values.library ?? []).map((f) => path.resolve(f)),
  };
}

/** One contract call, validated as the window's are. */
async function run(argv: string[]): Promise<void> {
  const cmd = parse(argv);
  try {
    await fs.access(cmd.dataDir);
  } catch {
    // Opening a missing folder would create an empty workstation there.
    throw new WorkstationError('not_found', `no data folder at ${cmd.dataDir}`);
  }
  await withCliWorkstation(cmd.dataDir, cmd.libraries, async (ws) => {
    const cases = (await callContract(ws, 'listCases', {})) as { id: string; accession: string }[];
    const found = cases.find((c) => c.accession === cmd.accession);
    if (!found) throw new WorkstationError('not_found', `no case with accession ${cmd.accession}`);
    const exported = (await callContract(ws, 'exportReport', {
      caseId: found.id,
      format: cmd.format,
    })) as { data: string };
    await writeStdout(
      cmd.format === 'pdf' ? Buffer.from(exported.data, 'base64') : `${exported.data}\n`,
    );
  });
}

runCli('report', USAGE, () => run(process.argv.slice(2)));
