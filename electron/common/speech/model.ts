/**
 * Built-in offline speech recognition (issue 8, dictation): which engines exist, whether
 * each is installed, and one utterance to transcribe. Pure schemas.
 *
 * The window captures the microphone at 16 kHz mono, cuts utterances with voice-activity
 * detection, and sends each as 16-bit PCM; the engine runs off the main thread and answers
 * with words. Audio never leaves the computer.
 */
import { z } from 'zod';
import { LanguageSchema } from '../language';

export const SPEECH_SAMPLE_RATE = 16_000;
/** Longest utterance accepted: 30 s of 16-bit mono PCM at 16 kHz. */
export const MAX_UTTERANCE_SECONDS = 30;
export const MAX_UTTERANCE_BYTES = MAX_UTTERANCE_SECONDS * SPEECH_SAMPLE_RATE * 2;

export const SPEECH_ENGINE_IDS = ['sherpa-onnx', 'pocketsphinx'] as const;
export const SpeechEngineIdSchema = z.enum(SPEECH_ENGINE_IDS);
export type SpeechEngineId = z.infer<typeof SpeechEngineIdSchema>;

export const SpeechEngineStatusSchema = z.object({
  id: SpeechEngineIdSchema,
  /** Languages it can transcribe now (its model is installed). */
  languages: z.array(LanguageSchema),
  /** Why it cannot run at all, or in some language; null when everything is there. */
  missing: z.string().nullable(),
  /** Where hospital IT installs what is missing (a folder or a package name). */
  installHint: z.string(),
});
export type SpeechEngineStatus = z.infer<typeof SpeechEngineStatusSchema>;

export const SpeechStatusSchema = z.object({
  engines: z.array(SpeechEngineStatusSchema),
});
export type SpeechStatus = z.infer<typeof SpeechStatusSchema>;

export const TranscriptionSchema = z.object({
  engine: SpeechEngineIdSchema,
  text: z.string(),
  /** Milliseconds the engine took. */
  elapsedMs: z.number().nonnegative(),
});
