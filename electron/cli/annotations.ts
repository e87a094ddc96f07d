/**
 * `npm run --silent annotations -- <command> ...`: a slide's annotations in and out as
 * QuPath GeoJSON, without the window, for AI pipelines and hospital IT.
 *
 *   export --data-dir DIR --case ACCESSION --slide N [--include-rejected]
 *          writes the slide's FeatureCollection to stdout
 *   import --data-dir DIR --case ACCESSION --slide N FILE
 *          adds FILE's features (FILE "-": standard input); one line on stdout with the count
 *
 * N is the slide's 1-based position in its case, as on its card. `--library DIR` (repeatable)
 * adds a library folder for this run, as for `npm run serve`; `--data-dir` defaults to the
 * application's own data folder.
 *
 * Exit codes: 0 done, 1 failed (one line on stderr naming the problem; an import is all or
 * nothing), 2 usage error.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/paths';
import { callContract, withCliWorkstation, writeStdout } from './cliIo';
import { HelpRequested, UsageError, runCli } from './runCli';

const USAGE = `usage: annotations export --data-dir DIR --case ACCESSION --slide N [--library DIR]... [--include-rejected]
       annotations import --data-dir DIR --case ACCESSION --slide N [--library DIR]... FILE   (FILE - : standard input)`;

interface Command {
  command: 'export' | 'import';
  dataDir: string;
  accession: string;
  position: number;
  libraries: string[];
  includeRejected: boolean;
  file: string | null;
}

function parse(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') throw new HelpRequested();
  if (command !== 'export' && command !== 'import')
    throw new UsageError(command === undefined ? 'missing command' : `unknown command ${command}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        'data-dir': { type: 'string' },
        case: { type: 'string' },
        slide: { type: 'string' },
        library: { type: 'string', multiple: true },
        'include-rejected': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpRequested();
  if (!values.case) throw new UsageError('--case ACCESSION is required');
  if (!values.slide || !/^[1-9]\d{0,5}$/.test(values.slide))
    throw new UsageError("--slide N is required: the slide's position in its case, from 1");
  if (command === 'export' && positionals.length > 0)
    throw new UsageError(`export takes no file (got ${positionals[0]})`);
  if (command === 'import' && positionals.length !== 1)
    throw new UsageError('import takes exactly one FILE (or - for standard input)');
  if (command === 'import' && values['include-rejected'])
    throw new UsageError('--include-rejected is an export option');
  return {
    command,
    dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()),
    accession: values.case,
    position: Number(values.slide),
    libraries: (values.library ?? []).map((f) => path.resolve(f)),
    includeRejected: values['include-rejected'] === true,
    file: positionals[0] ?? null,
  };
}

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? `${file}: no such file` : `cannot read ${file} (${code ?? 'I/O error'})`,
      { cause: e },
    );
  }
}

/** One contract call, validated as the window's are. */
async function run(argv: string[]): Promise<void> {
  const cmd = parse(argv);
  // The file is read before the workstation opens: a missing file costs nothing.
  const input = cmd.file === null ? null : await readInput(cmd.file);
  await withCliWorkstation(cmd.dataDir, cmd.libraries, async (ws) => {
    const slideId = await ws.findSlide(cmd.accession, cmd.position);
    if (cmd.command === 'export') {
      const { geojson } = (await callContract(ws, 'exportAnnotations', {
        slideId,
        ...(cmd.includeRejected ? { includeRejected: true } : {}),
      })) as { geojson: string };
      await writeStdout(`${geojson}\n`);
    } else {
      const result = (await callContract(ws, 'importAnnotations', { slideId, geojson: input })) as {
        imported: number;
        detections: number;
        classesCreated: number;
      };
      await writeStdout(
        `imported ${result.imported} feature${result.imported === 1 ? '' : 's'} (${result.detections} detection${result.detections === 1 ? '' : 's'}, ${result.classesCreated} new class${result.classesCreated === 1 ? '' : 'es'})\n`,
      );
    }
  });
}

runCli('annotations', USAGE, () => run(process.argv.slice(2)));
