/**
 * The pocketsphinx engine: Debian's `pocketsphinx` (CMU Sphinx 0.8) with the
 * `pocketsphinx-en-us` acoustic model, English only. It runs as its own process per
 * utterance (`pocketsphinx_continuous -infile`), so decoding never blocks the engine's
 * thread; it cannot read a pipe, so the utterance is written to a private temporary
 * folder (0700) and deleted as soon as it is read.
 *
 * Instead of the generic news-trained language model, it decodes with a bigram model built
 * at first use from resources/speech/en-pathology.txt (report sentences) and a
 * pronunciation dictionary restricted to that vocabulary: CMUdict plus
 * resources/speech/en-extra.dict for British spellings and pathology words CMUdict lacks.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkstationError } from '../../common/errors';
import type { Language } from '../../common/language';
import { SPEECH_SAMPLE_RATE, type SpeechEngineStatus } from '../../common/speech/model';
import { findResourceDir } from '../resources';
import type { SpeechEngine } from './engine';
import { buildBigramModel, corpusSentences } from './languageModel';
import { wavFile } from './wav';

const run = promisify(execFile);

export interface PocketsphinxOptions {
  binary?: string;
  /** Folder of the pocketsphinx-en-us model (acoustic model in en-us/, cmudict-en-us.dict). */
  modelDir?: string;
  /** resources/speech. */
  vocabularyDir?: string;
  /** Where the built model and utterances go (a private folder is made inside). */
  workDir?: string;
  timeoutMs?: number;
}

const DEBIAN_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us';

function readDictionary(file: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\S+)\s+(.+)$/.exec(line.trim());
    if (!m) continue;
    const word = m[1]!.toLowerCase();
    const list = entries.get(word.replace(/\(\d+\)$/, '')) ?? [];
    list.push(`${word} ${m[2]!}`);
    entries.set(word.replace(/\(\d+\)$/, ''), list);
  }
  return entries;
}

export class PocketsphinxEngine implements SpeechEngine {
  readonly id = 'pocketsphinx' as const;
  private readonly binary: string;
  private readonly modelDir: string;
  private readonly timeoutMs: number;
  private prepared: Promise<{ dir: string; lm: string; dict: string }> | null = null;

  constructor(private readonly options: PocketsphinxOptions = {}) {
    this.binary = options.binary ?? 'pocketsphinx_continuous';
    this.modelDir = options.modelDir ?? DEBIAN_MODEL_DIR;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  private async binaryRuns(): Promise<boolean> {
    try {
      // Without arguments it prints its options and exits 1: it exists and can start.
      await run(this.binary, [], { timeout: 10_000 });
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  }

  async status(): Promise<SpeechEngineStatus> {
    const base = { id: this.id, installHint: INSTALL_HINT };
    if (!(await this.binaryRuns())) {
      return { ...base, languages: [], missing: 'pocketsphinx is not installed.' };
    }
    if (!fs.existsSync(path.join(this.modelDir, 'en-us', 'mdef'))) {
      return {
        ...base,
        languages: [],
        missing: 'The English model (pocketsphinx-en-us) is not installed.',
      };
    }
    return { ...base, languages: ['en'], missing: 'No French model exists for pocketsphinx here.' };
  }

  /** Builds the vocabulary's language model and dictionary once, in a private folder. */
  private prepare(): Promise<{ dir: string; lm: string; dict: string }> {
    this.prepared ??= (async () => {
      const vocabularyDir = this.options.vocabularyDir ?? findResourceDir('speech');
      const cmudict = readDictionary(path.join(this.modelDir, 'cmudict-en-us.dict'));
      for (const [word, lines] of readDictionary(path.join(vocabularyDir, 'en-extra.dict'))) {
        cmudict.set(word, lines);
      }
      const corpus = fs.readFileSync(path.join(vocabularyDir, 'en-pathology.txt'), 'utf8');
      const model = buildBigramModel(corpusSentences(corpus, (w) => cmudict.has(w)));
      const dir = await fs.promises.mkdtemp(
        path.join(this.options.workDir ?? os.tmpdir(), 'lpw-speech-'),
      );
      await fs.promises.chmod(dir, 0o700);
      const lm = path.join(dir, 'model.arpa');
      const dict = path.join(dir, 'model.dict');
      await fs.promises.writeFile(lm, model.arpa);
      await fs.promises.writeFile(
        dict,
        model.vocabulary.flatMap((w) => cmudict.get(w) ?? []).join('\n') + '\n',
      );
      return { dir, lm, dict };
    })();
    return this.prepared;
  }

  async transcribe(pcm: Int16Array, language: Language): Promise<string> {
    if (language !== 'en') {
      throw new WorkstationError('unsupported', 'pocketsphinx has no model for this language.');
    }
    const { dir, lm, dict } = await this.prepare();
    const file = path.join(dir, `utterance-${process.hrtime.bigint()}.wav`);
    await fs.promises.writeFile(file, wavFile(pcm, SPEECH_SAMPLE_RATE), { mode: 0o600 });
    try {
      const { stdout } = await run(
        this.binary,
        [
          '-infile',
          file,
          '-hmm',
          path.join(this.modelDir, 'en-us'),
          '-lm',
          lm,
          '-dict',
          dict,
          '-samprate',
          String(SPEECH_SAMPLE_RATE),
          '-logfn',
          os.devNull,
        ],
        { timeout: this.timeoutMs, maxBuffer: 1024 * 1024 },
      );
      return stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ');
    } catch (e) {
      throw new WorkstationError(
        'unavailable',
        `pocketsphinx failed: ${(e as Error).message.split('\n')[0]}`,
      );
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    const prepared = this.prepared;
    this.prepared = null;
    if (prepared) await fs.promises.rm((await prepared).dir, { recursive: true, force: true });
  }
}
