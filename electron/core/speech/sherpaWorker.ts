/**
 * The sherpa-onnx engine's thread: decodes one utterance at a time with a streaming
 * transducer model, so that decoding (CPU-bound, native) never blocks the engine's thread.
 * One recognizer per model is kept between utterances (loading takes about a second).
 */
import { parentPort } from 'node:worker_threads';
import type * as Sherpa from 'sherpa-onnx-node';
import type { OnlineRecognizer } from 'sherpa-onnx-node';
import type { SherpaModelFiles } from './sherpaModels';

export interface SherpaRequest {
  id: number;
  model: SherpaModelFiles;
  samples: Float32Array;
  sampleRate: number;
}
export type SherpaReply = { id: number; text: string } | { id: number; error: string };

type SherpaModule = typeof Sherpa;

const recognizers = new Map<string, OnlineRecognizer>();

/** Loaded at the first utterance only: the module is an optional native dependency. */
async function loadSherpa(): Promise<SherpaModule> {
  // A CommonJS module: its exports are also its default export.
  const mod = (await import('sherpa-onnx-node')) as SherpaModule & { default?: SherpaModule };
  return mod.default ?? mod;
}

async function recognizer(model: SherpaModelFiles): Promise<OnlineRecognizer> {
  let r = recognizers.get(model.encoder);
  if (!r) {
    const sherpa = await loadSherpa();
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

export async function decode(request: SherpaRequest): Promise<string> {
  const r = await recognizer(request.model);
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
  decode(request).then(
    (text) => parentPort?.postMessage({ id: request.id, text } satisfies SherpaReply),
    (e: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: e instanceof Error ? e.message : String(e),
      } satisfies SherpaReply),
  );
});
