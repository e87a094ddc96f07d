/**
 * The part of `sherpa-onnx-node` (no type declarations of its own) that sherpaWorker.ts
 * uses: a streaming recognizer.
 */
declare module 'sherpa-onnx-node' {
  export interface OnlineStream {
    acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void;
    inputFinished(): void;
  }
  export class OnlineRecognizer {
    constructor(config: unknown);
    createStream(): OnlineStream;
    isReady(s: OnlineStream): boolean;
    decode(s: OnlineStream): void;
    getResult(s: OnlineStream): { text: string };
  }
}
