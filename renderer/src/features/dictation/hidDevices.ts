/**
 * Dictation devices over WebHID through Google's `dictation_support` package (PowerMic
 * 3/4, SpeechMike, SpeechOne, foot controls): devices the user allowed once are
 * reconnected at start; their buttons become actions (buttonMapping.ts) on the dictation
 * bus. In Electron only the dictation vendors may be opened (electron/main/policy.ts).
 *
 * With test hooks on, `window.__dictation.buttons(mask)` feeds a device's button state
 * through the same path as a real device, so that the mapping and everything after it is
 * tested end to end.
 */
import { ButtonEvent, DictationDeviceManager } from 'dictation_support';
import { testHooksAllowed } from '../../viewer/testHook';
import type { ButtonMapping } from './buttonMapping';
import { BUTTON_NAMES, actionsForButtons } from './buttonMapping';
import { publishDictationAction } from './dictationBus';

declare global {
  interface Window {
    __dictation?: DictationTestHook;
  }
}

/** `window.__dictation` (test hooks only): a device's button states, by the library's bits. */
export interface DictationTestHook {
  buttons(mask: number, deviceId?: number): void;
  bits: Record<string, number>;
}

const lastMasks = new Map<number, number>();
let mappingOf: () => ButtonMapping = () => ({});
let manager: DictationDeviceManager | null = null;

/** A device's new button state: the actions of the buttons that went down. */
export function onDeviceButtons(deviceId: number, mask: number): void {
  const previous = lastMasks.get(deviceId) ?? 0;
  lastMasks.set(deviceId, mask);
  for (const action of actionsForButtons(previous, mask, mappingOf()))
    publishDictationAction(action);
}

export function webHidAvailable(): boolean {
  return typeof navigator !== 'undefined' && 'hid' in navigator && navigator.hid !== undefined;
}

/** Starts listening to the devices already allowed; safe to call more than once. */
export async function startDictationDevices(mapping: () => ButtonMapping): Promise<number> {
  mappingOf = mapping;
  if (testHooksAllowed() && !window.__dictation) {
    window.__dictation = {
      buttons: (mask, deviceId = 0) => onDeviceButtons(deviceId, mask),
      bits: Object.fromEntries(BUTTON_NAMES.map((name) => [name, ButtonEvent[name]])),
    };
  }
  if (!webHidAvailable()) return 0;
  if (!manager) {
    manager = new DictationDeviceManager(navigator.hid);
    manager.addButtonEventListener((device, mask) => onDeviceButtons(device.id, mask));
    await manager.init();
  }
  return manager.getDevices().length;
}

/** Asks the user to choose a device (the browser's chooser; in Electron, the first dictation device). */
export async function connectDictationDevice(): Promise<number> {
  if (!manager) return 0;
  await manager.requestDevice();
  return manager.getDevices().length;
}
