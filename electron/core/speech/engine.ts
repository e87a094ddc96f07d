/**
 * One interface for the built-in speech engines (issue 8, dictation). Each engine says
 * what it can do on this computer (installed, which languages) and transcribes one
 * utterance of 16 kHz mono PCM. Engines run off the main thread: pocketsphinx in its own
 * process, sherpa-onnx in a worker thread.
 */
import type { Language } from '../../common/language';
import type { SpeechEngineId, SpeechEngineStatus } from '../../common/speech/model';

export interface SpeechEngine {
  readonly id: SpeechEngineId;
  status(): Promise<SpeechEngineStatus>;
  /** The words heard, lower case, without punctuation. */
  transcribe(pcm: Int16Array, language: Language): Promise<string>;
  close(): Promise<void>;
}
