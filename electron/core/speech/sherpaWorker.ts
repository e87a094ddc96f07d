/**
 * The sherpa-onnx engine's thread: decodes one utterance at a time with a streaming
 * transducer model, so that decoding (CPU-bound, native) never blocks the engine's thread.
 * One recognizer per model is kept between utterances (loading takes about a second).
 */
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { SherpaModelFiles } from './sherpaModels';

export interface SherpaRequest {
  id: number;
  model: SherpaModelFiles;
  samples: Float32Array;
  sampleRate: number;
}
export type SherpaReply = { id: number; text: string } | { id: number; error: string };

interface OnlineStream {
  acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void;
  inputFinished(): void;
}
interface OnlineRecognizer {
  createStream(): OnlineStream;
  isReady(s: OnlineStream): boolean;
  decode(s: OnlineStream): void;
  getResult(s: OnlineStream): { text: string };
}
interface SherpaModule {
  OnlineRecognizer: new (config: unknown) => OnlineRecognizer;
}

/** CommonJS bundle: the bundle's require; tsx (ESM): resolved from the working directory. */
const requireHere = createRequire(
  typeof __filename === 'string' ? __filename : `${process.cwd()}/package.json`,
);

const recognizers = new Map<string, OnlineRecognizer>();

function recognizer(model: SherpaModelFiles): OnlineRecognizer {
  let r = recognizers.get(model.encoder);
  if (!r) {
    // Loaded here only: the module is an optional native dependency.
    const sherpa = requireHere('sherpa-onnx-node') as SherpaModule;
    r = new sherpa.OnlineRecognizer({
      featConfig: { sampleRate: 16000, featureDim: 80 },
      modelConfig: {
        transducer: { encoder: model.encoder, decoder: model.decoder, joiner: model.joiner },
        tokens: model.tokens,
        numThreads: 1,
        provider: 'cpu',
        debug: 0,
      },
      decodingMethod: 'greedy_search',
      enableEndpoint: 0,
    });
    recognizers.set(model.encoder, r);
  }
  return r;
}

export function decode(request: SherpaRequest): string {
  const r = recognizer(request.model);
  const stream = r.createStream();
  stream.acceptWaveform({ samples: request.samples, sampleRate: request.sampleRate });
  // Trailing silence lets the model emit the last words.
  stream.acceptWaveform({
    samples: new Float32Array(Math.round(request.sampleRate * 0.6)),
    sampleRate: request.sampleRate,
  });
  stream.inputFinished();
  while (r.isReady(stream)) r.decode(stream);
  return r.getResult(stream).text.trim().toLowerCase();
}

parentPort?.on('message', (request: SherpaRequest) => {
  let reply: SherpaReply;
  try {
    reply = { id: request.id, text: decode(request) };
  } catch (e) {
    reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
