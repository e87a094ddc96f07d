/**
 * Dictation devices the workstation talks to over WebHID (issue 8): the USB vendors of
 * the devices the `dictation_support` package drives. Electron's HID permission handlers
 * allow these vendors and nothing else (electron/main/policy.ts).
 */
export const DICTATION_HID_VENDORS = {
  /** Nuance / Microsoft: PowerMic II, III and 4. */
  nuance: 0x0554,
  /** Philips / Speech Processing Solutions: SpeechMike, SpeechOne, foot controls. */
  philips: 0x0911,
} as const;

export const DICTATION_HID_VENDOR_IDS: readonly number[] = Object.values(DICTATION_HID_VENDORS);

export function isDictationDevice(device: { vendorId: number }): boolean {
  return DICTATION_HID_VENDOR_IDS.includes(device.vendorId);
}
