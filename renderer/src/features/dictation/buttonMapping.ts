/**
 * What the buttons of a dictation device do (PowerMic, SpeechMike, foot pedals): a
 * configurable table from the `dictation_support` package's button names to workstation
 * actions, and the pure function that turns the device's button state into actions.
 * The mapping is kept per computer (the device is plugged into this one).
 */
import { ButtonEvent } from 'dictation_support';

export const DICTATION_ACTIONS = [
  'toggleRecording',
  'stopRecording',
  'previousSection',
  'nextSection',
  'previousSlide',
  'nextSlide',
  'sign',
] as const;
export type DictationAction = (typeof DICTATION_ACTIONS)[number];

/** Button names of dictation_support (ButtonEvent), without NONE. */
export type ButtonName = Exclude<keyof typeof ButtonEvent, 'NONE'>;
export const BUTTON_NAMES = Object.keys(ButtonEvent).filter(
  (k): k is ButtonName => Number.isNaN(Number(k)) && k !== 'NONE',
);

export type ButtonMapping = Partial<Record<ButtonName, DictationAction>>;

/**
 * Defaults that follow the devices' printed labels: Record toggles dictation, Stop stops,
 * the Tab keys and fast-forward/rewind move between sections, the programmable buttons
 * change slide, and End-of-letter (EOL) opens the signature.
 */
export const DEFAULT_BUTTON_MAPPING: ButtonMapping = {
  RECORD: 'toggleRecording',
  STOP: 'stopRecording',
  TAB_FORWARD: 'nextSection',
  TAB_BACKWARD: 'previousSection',
  FORWARD: 'nextSection',
  REWIND: 'previousSection',
  F1_A: 'previousSlide',
  F2_B: 'nextSlide',
  CUSTOM_LEFT: 'previousSlide',
  CUSTOM_RIGHT: 'nextSlide',
  EOL_PRIO: 'sign',
};

/**
 * Actions of the buttons pressed between two states of the device (bit masks of
 * ButtonEvent): a button acts when it goes down, once, however long it is held; several
 * pressed together act in the order of their bits.
 */
export function actionsForButtons(
  previousMask: number,
  mask: number,
  mapping: ButtonMapping,
): DictationAction[] {
  const pressed = mask & ~previousMask;
  const actions: DictationAction[] = [];
  for (const name of BUTTON_NAMES) {
    const bit = ButtonEvent[name];
    if ((pressed & bit) !== 0) {
      const action = mapping[name];
      if (action) actions.push(action);
    }
  }
  return actions;
}

/** A mapping read back from storage: unknown buttons and actions are dropped. */
export function parseButtonMapping(text: string | null): ButtonMapping {
  if (text === null) return { ...DEFAULT_BUTTON_MAPPING };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_BUTTON_MAPPING };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_BUTTON_MAPPING };
  const mapping: ButtonMapping = {};
  for (const [button, action] of Object.entries(raw)) {
    if (
      (BUTTON_NAMES as readonly string[]).includes(button) &&
      (DICTATION_ACTIONS as readonly string[]).includes(action as string)
    ) {
      mapping[button as ButtonName] = action as DictationAction;
    }
  }
  return mapping;
}

const STORAGE_KEY = 'workstation.dictationButtons';

export function loadButtonMapping(storage: Pick<Storage, 'getItem'> = localStorage): ButtonMapping {
  return parseButtonMapping(storage.getItem(STORAGE_KEY));
}

export function saveButtonMapping(
  mapping: ButtonMapping,
  storage: Pick<Storage, 'setItem'> = localStorage,
): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(mapping));
}
