/**
 * Test speech: a sentence spoken by espeak-ng (Debian), resampled to 16 kHz mono 16-bit by
 * sox, as the dictation tests' stand-in for a pathologist at the microphone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The voice and rate whose speech pocketsphinx's US model follows best (measured). */
export const TEST_VOICE = { voice: 'en-us+f2', wordsPerMinute: 140 } as const;

/** Writes `<file>` (WAVE, 16 kHz mono 16-bit) speaking `text`; returns its path. */
export function speakToWav(text: string, file: string, pauseMs = 0): string {
  const raw = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-espeak-')), 'raw.wav');
  execFileSync('espeak-ng', [
    '-v',
    TEST_VOICE.voice,
    '-s',
    String(TEST_VOICE.wordsPerMinute),
    '-w',
    raw,
    text,
  ]);
  const pad = pauseMs > 0 ? ['pad', String(pauseMs / 1000), String(pauseMs / 1000)] : [];
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file, ...pad]);
  fs.rmSync(path.dirname(raw), { recursive: true, force: true });
  return file;
}
