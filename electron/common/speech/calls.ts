/** The contract's calls for built-in speech recognition (see model.ts). */
import { z } from 'zod';
import { call } from '../call';
import { LanguageSchema } from '../language';
import { MAX_UTTERANCE_BYTES, SpeechStatusSchema, TranscriptionSchema } from './model';

/** Base64 of the longest utterance. */
export const MAX_UTTERANCE_BASE64_CHARS = Math.ceil(MAX_UTTERANCE_BYTES / 3) * 4;

export const speechCalls = {
  /** Which engines are installed, for which languages, and how to install the others. */
  getSpeechStatus: call(z.object({}).strict(), SpeechStatusSchema),
  /**
   * Transcribes one utterance: 16-bit little-endian mono PCM at 16 kHz, base64. The first
   * engine with a model for the language answers; `unsupported` when none has one.
   */
  transcribeUtterance: call(
    z
      .object({
        language: LanguageSchema,
        pcmBase64: z.string().min(4).max(MAX_UTTERANCE_BASE64_CHARS),
      })
      .strict(),
    TranscriptionSchema,
  ),
} as const;
