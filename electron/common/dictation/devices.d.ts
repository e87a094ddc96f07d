/**
 * Dictation devices the workstation talks to over WebHID (issue 8): the USB vendors of
 * the devices the `dictation_support` package drives. Electron's HID permission handlers
 * allow these vendors and nothing else (electron/main/policy.ts).
 */
export declare const DICTATION_HID_VENDORS: {
    /** Nuance / Microsoft: PowerMic II, III and 4. */
    readonly nuance: 1364;
    /** Philips / Speech Processing Solutions: SpeechMike, SpeechOne, foot controls. */
    readonly philips: 2321;
};
export declare const DICTATION_HID_VENDOR_IDS: readonly number[];
export declare function isDictationDevice(device: {
    vendorId: number;
}): boolean;
