/**
 * `npm run --silent slide -- <command> ...`: look inside a slide from the command line, for
 * support and for checking a file before it goes into the library.
 *
 *   info <file-or-folder>                              one JSON object on stdout
 *   tile <file> <level> <col> <row> [--out FILE]       the tile as a standalone image
 *   associated <file> <label|macro|thumbnail> [--out FILE]
 *
 * Exit codes: 0 done, 1 the slide cannot be read (one line on stderr), 2 usage error.
 */
import { writeFile } from 'node:fs/promises';
import { ASSOCIATED_NAMES } from '../common/pyramid';
import type { AssociatedName } from '../common/pyramid';
import { openSlideAny } from '../core/sources/openSlide';
import type { SlideSource } from '../core/sources/slideSource';
import { HelpRequested, UsageError, runCli } from './runCli';

const USAGE = `usage: slide info <file-or-folder>
       slide tile <file> <level> <col> <row> [--out FILE]
       slide associated <file> <label|macro|thumbnail> [--out FILE]`;

interface Parsed {
  positional: string[];
  out: string | null;
}

function parseArgs(args: string[]): Parsed {
  const positional: string[] = [];
  let out: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--out' || a === '-o') {
      const v = args[++i];
      if (v === undefined || v === '') throw new UsageError('--out needs a file name');
      out = v;
    } else if (a.startsWith('--out=')) {
      out = a.slice('--out='.length);
      if (!out) throw new UsageError('--out needs a file name');
    } else if (a === '--help' || a === '-h') {
      throw new HelpRequested();
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  return { positional, out };
}

function index(name: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,7}$/.test(value))
    throw new UsageError(`${name} must be a non-negative integer`);
  return Number(value);
}

async function withSlide<T>(target: string, fn: (slide: SlideSource) => Promise<T>): Promise<T> {
  const slide = await openSlideAny(target);
  try {
    return await fn(slide);
  } finally {
    await slide.close().catch(() => undefined);
  }
}

async function emit(bytes: Uint8Array, out: string | null): Promise<void> {
  if (out) {
    try {
      await writeFile(out, bytes);
    } catch (e) {
      throw new Error(`cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`, {
        cause: e,
      });
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(bytes, (e) => (e ? reject(e) : resolve()));
  });
}

async function run(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') throw new HelpRequested();
  const { positional, out } = parseArgs(rest);
  switch (command) {
    case 'info': {
      if (positional.length !== 1 || out) throw new UsageError('info takes one file or folder');
      const info = await withSlide(positional[0] as string, (s) => {
        const m = s.metadata;
        return Promise.resolve({
          format: m.format,
          width: m.width,
          height: m.height,
          mpp: m.mpp,
          objectivePower: m.objectivePower,
          levels: m.levels.map((l) => ({
            width: l.width,
            height: l.height,
            downsample: l.downsample,
            tileWidth: l.tileWidth,
            tileHeight: l.tileHeight,
          })),
          associated: m.associated,
        });
      });
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      return;
    }
    case 'tile': {
      if (positional.length !== 4) throw new UsageError('tile takes <file> <level> <col> <row>');
      const [file, l, c, r] = positional;
      const level = index('level', l);
      const col = index('col', c);
      const row = index('row', r);
      const tile = await withSlide(file as string, (s) => s.readTile(level, col, row));
      await emit(tile.bytes, out);
      return;
    }
    case 'associated': {
      if (positional.length !== 2)
        throw new UsageError('associated takes <file> <label|macro|thumbnail>');
      const [file, name] = positional;
      if (!(ASSOCIATED_NAMES as readonly string[]).includes(name ?? '')) {
        throw new UsageError(`associated image must be one of ${ASSOCIATED_NAMES.join(', ')}`);
      }
      const image = await withSlide(file as string, (s) =>
        s.readAssociated(name as AssociatedName),
      );
      await emit(image.bytes, out);
      return;
    }
    default:
      throw new UsageError(
        command === undefined ? 'missing command' : `unknown command ${command}`,
      );
  }
}

runCli('slide', USAGE, () => run(process.argv.slice(2)));
