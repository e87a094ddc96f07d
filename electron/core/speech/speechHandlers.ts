/** The contract's speech calls (electron/common/speech/calls.ts), answered by the service. */
import type { Handlers } from '../../common/contract';
import type { SpeechService } from './speechService';

export function speechHandlers(
  speech: SpeechService,
): Pick<Handlers, 'getSpeechStatus' | 'transcribeUtterance'> {
  return {
    getSpeechStatus: () => speech.status(),
    transcribeUtterance: ({ language, pcmBase64 }) => speech.transcribe(language, pcmBase64),
  };
}
