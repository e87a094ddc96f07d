/**
 * Dictation's part of the store: the speech calls (tests pass a fake Api, as for every
 * slice) and the device button mapping of this computer.
 */
import type { Api } from '../../../../electron/common/contract';
import type { SliceCreator } from '../../state/types';
import type { ButtonMapping } from './buttonMapping';
import { loadButtonMapping, parseButtonMapping, saveButtonMapping } from './buttonMapping';

export type SpeechApi = Pick<Api, 'getSpeechStatus' | 'transcribeUtterance'>;

export interface DictationSlice {
  speechApi: SpeechApi;
  dictationButtons: ButtonMapping;
  setDictationButtons: (mapping: ButtonMapping) => void;
}

function storedMapping(): ButtonMapping {
  try {
    return loadButtonMapping();
  } catch {
    return parseButtonMapping(null);
  }
}

export const createDictationSlice: SliceCreator<DictationSlice> = (deps) => (set) => ({
  speechApi: deps.api,
  dictationButtons: storedMapping(),
  setDictationButtons: (mapping) => {
    try {
      saveButtonMapping(mapping);
    } catch {
      // Private mode: kept for this session only.
    }
    set({ dictationButtons: mapping });
  },
});
