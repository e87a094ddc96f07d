/**
 * The built-in dictation's engines behind one door: sherpa-onnx first (French and English
 * when its models are installed), pocketsphinx next (English, from Debian). Each utterance
 * goes to the first engine that has a model for the language.
 */
import { WorkstationError } from '../../common/errors';
import type { Language } from '../../common/language';
import { MAX_UTTERANCE_BYTES, type SpeechStatus } from '../../common/speech/model';
import type { SpeechEngine } from './engine';

/** Engine status is cached this long: asking pocketsphinx starts a process. */
const STATUS_TTL_MS = 30_000;

export class SpeechService {
  private cached: { at: number; status: SpeechStatus } | null = null;

  constructor(
    private readonly engines: readonly SpeechEngine[],
    private readonly now: () => number = Date.now,
  ) {}

  async status(): Promise<SpeechStatus> {
    if (this.cached && this.now() - this.cached.at < STATUS_TTL_MS) return this.cached.status;
    const status = { engines: await Promise.all(this.engines.map((e) => e.status())) };
    this.cached = { at: this.now(), status };
    return status;
  }

  async transcribe(
    language: Language,
    pcmBase64: string,
  ): Promise<{ engine: SpeechEngine['id']; text: string; elapsedMs: number }> {
    const bytes = Buffer.from(pcmBase64, 'base64');
    if (bytes.length === 0 || bytes.length % 2 !== 0 || bytes.length > MAX_UTTERANCE_BYTES) {
      throw new WorkstationError(
        'invalid_argument',
        'An utterance must be 16-bit PCM samples (an even number of bytes, at most 30 s).',
      );
    }
    // A copy at offset 0: Int16Array needs an even byte offset.
    const pcm = new Int16Array(new Uint8Array(bytes).buffer);
    const { engines } = await this.status();
    const index = engines.findIndex((e) => e.languages.includes(language));
    const engine = index >= 0 ? this.engines[index] : undefined;
    if (!engine) {
      throw new WorkstationError(
        'unsupported',
        'No speech recognition engine is installed for this language.',
      );
    }
    const started = this.now();
    const text = await engine.transcribe(pcm, language);
    return { engine: engine.id, text, elapsedMs: Math.max(0, this.now() - started) };
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.close()));
  }
}
