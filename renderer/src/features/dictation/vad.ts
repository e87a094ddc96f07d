/**
 * Voice-activity detection for dictation: cuts the microphone's 16 kHz samples into
 * utterances at pauses, so each goes to the speech engine as soon as the pathologist
 * pauses. An energy detector with an adaptive noise floor, in plain TypeScript: the
 * engines decode whole utterances, and what they need is where speech starts and stops
 * (WebRTC's VAD is not exposed to pages; a neural VAD would need a model we cannot ship).
 * Pure: fed samples, returns finished utterances.
 */
export interface VadOptions {
  sampleRate: number;
  /** Analysis frame length. */
  frameMs: number;
  /** A frame is speech when its RMS is this many times the noise floor… */
  ratio: number;
  /** …and above this absolute RMS (full scale = 1), so that digital silence is not speech. */
  minRms: number;
  /** Speech starts after this much voiced time. */
  startMs: number;
  /** An utterance ends after this much silence. */
  endSilenceMs: number;
  /** Audio kept from before the start (the first consonant). */
  preRollMs: number;
  /** Longest utterance: cut there even without a pause. */
  maxMs: number;
}

export const DEFAULT_VAD: VadOptions = {
  sampleRate: 16_000,
  frameMs: 30,
  ratio: 3,
  minRms: 0.004,
  startMs: 90,
  endSilenceMs: 700,
  preRollMs: 300,
  maxMs: 20_000,
};

export class VoiceActivityDetector {
  private readonly frame: number;
  private pending: number[] = [];
  private noise = 0;
  private voicedRun = 0;
  private silentRun = 0;
  private speaking = false;
  private preRoll: Float32Array[] = [];
  private utterance: Float32Array[] = [];
  private utteranceSamples = 0;

  constructor(private readonly o: VadOptions = DEFAULT_VAD) {
    this.frame = Math.round((o.sampleRate * o.frameMs) / 1000);
  }

  /** True while inside an utterance. */
  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Feeds samples (-1…1); returns the utterances that ended in them. */
  push(samples: Float32Array): Float32Array[] {
    const done: Float32Array[] = [];
    for (const s of samples) {
      this.pending.push(s);
      if (this.pending.length === this.frame) {
        const frame = Float32Array.from(this.pending);
        this.pending = [];
        const finished = this.onFrame(frame);
        if (finished) done.push(finished);
      }
    }
    return done;
  }

  /** Ends the current utterance now (the user stopped dictating). */
  flush(): Float32Array | null {
    if (!this.speaking) return null;
    return this.finish();
  }

  private onFrame(frame: Float32Array): Float32Array | null {
    let sum = 0;
    for (const s of frame) sum += s * s;
    const rms = Math.sqrt(sum / frame.length);
    const floor = this.noise === 0 ? rms : this.noise;
    const voiced = rms > this.o.minRms && rms > floor * this.o.ratio;
    // The floor follows quiet frames quickly and loud ones very slowly.
    if (!voiced) this.noise = this.noise === 0 ? rms : this.noise * 0.9 + rms * 0.1;
    const frames = (ms: number) => Math.max(1, Math.round(ms / this.o.frameMs));

    if (!this.speaking) {
      this.preRoll.push(frame);
      if (this.preRoll.length > frames(this.o.preRollMs)) this.preRoll.shift();
      this.voicedRun = voiced ? this.voicedRun + 1 : 0;
      if (this.voicedRun >= frames(this.o.startMs)) {
        this.speaking = true;
        this.silentRun = 0;
        this.utterance = [...this.preRoll];
        this.utteranceSamples = this.utterance.length * this.frame;
        this.preRoll = [];
      }
      return null;
    }
    this.utterance.push(frame);
    this.utteranceSamples += frame.length;
    this.silentRun = voiced ? 0 : this.silentRun + 1;
    const tooLong = this.utteranceSamples >= (this.o.maxMs / 1000) * this.o.sampleRate;
    if (this.silentRun >= frames(this.o.endSilenceMs) || tooLong) return this.finish();
    return null;
  }

  private finish(): Float32Array {
    const out = new Float32Array(this.utteranceSamples);
    let at = 0;
    for (const f of this.utterance) {
      out.set(f, at);
      at += f.length;
    }
    this.speaking = false;
    this.voicedRun = 0;
    this.silentRun = 0;
    this.utterance = [];
    this.utteranceSamples = 0;
    return out;
  }
}

/** 16-bit little-endian PCM, base64, as the engine's transcribeUtterance takes it. */
export function pcm16Base64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, Math.round(s * 32767), true);
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
