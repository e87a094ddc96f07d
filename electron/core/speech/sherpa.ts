/**
 * The sherpa-onnx engine (`sherpa-onnx-node`, the k2-fsa project's Node binding, an
 * optional dependency): streaming transducer models for French and English, installed by
 * hospital IT into the models folder (sherpaModels.ts). Decoding runs in a worker thread
 * (sherpaWorker.ts), started at the first utterance and kept.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WorkstationError } from '../../common/errors';
import type { Language } from '../../common/language';
import { LANGUAGES } from '../../common/language';
import { SPEECH_SAMPLE_RATE, type SpeechEngineStatus } from '../../common/speech/model';
import type { WorkerEntry } from '../tiles/workerEntry';
import { locateWorker } from '../tiles/workerEntry';
import type { SpeechEngine } from './engine';
import type { SherpaReply, SherpaRequest } from './sherpaWorker';
import { findSherpaModel, sherpaModelDir, sherpaModelProblem } from './sherpaModels';

export interface SherpaOptions {
  modelsDir: string;
  /** Tests: where the worker's code is. */
  workerEntry?: WorkerEntry;
}

function moduleInstalled(): boolean {
  try {
    createRequire(
      typeof __filename === 'string' ? __filename : `${process.cwd()}/package.json`,
    ).resolve('sherpa-onnx-node');
    return true;
  } catch {
    return false;
  }
}

export class SherpaEngine implements SpeechEngine {
  readonly id = 'sherpa-onnx' as const;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SherpaReply) => void>();

  constructor(private readonly options: SherpaOptions) {}

  status(): Promise<SpeechEngineStatus> {
    return Promise.resolve(this.statusNow());
  }

  private statusNow(): SpeechEngineStatus {
    const installHint = `${sherpaModelDir(this.options.modelsDir, 'fr')} and …/en (tokens.txt, encoder, decoder and joiner .onnx of a sherpa-onnx streaming zipformer release)`;
    if (!moduleInstalled()) {
      return {
        id: this.id,
        languages: [],
        missing: 'The sherpa-onnx-node module is not installed.',
        installHint,
      };
    }
    const languages = LANGUAGES.filter((l) => findSherpaModel(this.options.modelsDir, l));
    const absent = LANGUAGES.filter((l) => !languages.includes(l));
    return {
      id: this.id,
      languages,
      missing: absent.length === 0 ? null : `No model installed for: ${absent.join(', ')}.`,
      installHint,
    };
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const entry =
      this.options.workerEntry ??
      locateWorker({
        bundled: 'sherpaWorker',
        source: 'electron/core/speech/sherpaWorker.ts',
        here: typeof __dirname === 'string' ? __dirname : null,
      });
    const worker = new Worker(entry.filename, entry.options);
    worker.on('message', (reply: SherpaReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    const failAll = (message: string) => {
      for (const [id, resolve] of this.pending) resolve({ id, error: message });
      this.pending.clear();
      this.worker = null;
    };
    worker.on('error', (e) => failAll(e.message));
    worker.on('exit', () => failAll('The speech worker stopped.'));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async transcribe(pcm: Int16Array, language: Language): Promise<string> {
    const model = findSherpaModel(this.options.modelsDir, language);
    if (!model || !moduleInstalled()) {
      throw new WorkstationError(
        'unsupported',
        'No sherpa-onnx model is installed for this language.',
      );
    }
    const problem = sherpaModelProblem(model);
    if (problem) {
      throw new WorkstationError('corrupt', `The sherpa-onnx model is damaged: ${problem}`);
    }
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i]! / 32768;
    const id = this.nextId++;
    const request: SherpaRequest = { id, model, samples, sampleRate: SPEECH_SAMPLE_RATE };
    const reply = await new Promise<SherpaReply>((resolve) => {
      this.pending.set(id, resolve);
      this.startWorker().postMessage(request, [samples.buffer]);
    });
    if ('error' in reply) {
      throw new WorkstationError('unavailable', `sherpa-onnx failed: ${reply.error}`);
    }
    return reply.text;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
