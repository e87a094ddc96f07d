/**
 * Dictation (issue 8) in Chromium against the web host:
 * - built-in speech recognition end to end: Chromium's fake microphone plays a WAV spoken
 *   by espeak-ng, the page cuts it into utterances, the engine's pocketsphinx transcribes
 *   them, and the words land in the focused section with the voice commands acted on
 *   ("full stop", "next section"); the word error rate is measured and written to
 *   build/test-reports/dictation-e2e.json;
 * - a dictation device's buttons: button states fed through the same path as a WebHID
 *   device's reports (the mapping layer, `window.__dictation`) move between sections,
 *   start and stop dictation, change slide and open the signature.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { wordErrorRate } from '../electron/common/speech/wordErrorRate';
import { speakToWav } from '../electron/core/speech/testing/speak';
import { callApi } from './support/api';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './support/chromium';
import { expect, test } from './support/fixtures';

/** Said first, into Microscopy; "full stop" and "next section" are commands. */
const FIRST = 'the deep margin is clear by two millimetres full stop next section';
/** Said after a pause; it lands in the next section, Conclusion. */
const SECOND = 'the tumour measures fifteen millimetres';
const REFERENCE =
  'the deep margin is clear by two millimetres the tumour measures fifteen millimetres';

const audioDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dictation-'));
const wav = path.join(audioDir, 'dictation.wav');
execFileSync('sox', [
  speakToWav(FIRST, path.join(audioDir, 'first.wav'), 600),
  speakToWav(SECOND, path.join(audioDir, 'second.wav'), 900),
  // Silence at the end: the last utterance ends on a pause, as when one stops speaking.
  wav,
  'pad',
  '0',
  '1.5',
]);

test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
    ],
  },
});

test.afterAll(() => fs.rmSync(audioDir, { recursive: true, force: true }));

declare global {
  interface Window {
    /** renderer/src/features/dictation/hidDevices.ts, with test hooks on. */
    __dictation?: { buttons(mask: number, deviceId?: number): void; bits: Record<string, number> };
  }
}

const SCREENS = path.resolve(import.meta.dirname, '../build/screens/dictation');

/** A demo case of several slides that no other spec writes a report for. */
async function openSlideOfCase(page: Page, request: Parameters<typeof callApi>[0]) {
  const cases = await callApi(request, 'listCases', {});
  const chosen = cases.find(
    (c) =>
      c.slideCount >= 2 &&
      c.status !== 'signed_out' &&
      !['-013102', '-013477', '-004512'].some((s) => c.accession.endsWith(s)),
  );
  if (!chosen) throw new Error('no demo case with two slides');
  await page.evaluate((acc) => {
    location.hash = `#/case/${encodeURIComponent(acc)}/slide/1`;
  }, chosen.accession);
  await expect(page.getByTestId('report-panel')).toBeVisible();
  return chosen;
}

test('speech from the microphone lands in the focused section, with voice commands acted on', async ({
  app,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const status = await callApi(request, 'getSpeechStatus', {});
  expect(status.engines.find((e) => e.id === 'pocketsphinx')?.languages).toContain('en');
  const chosen = await openSlideOfCase(page, request);
  const microscopy = page.getByRole('textbox', { name: 'Microscopy', exact: true });
  const conclusion = page.getByRole('textbox', { name: 'Conclusion', exact: true });
  await microscopy.fill('');
  await conclusion.fill('');
  await microscopy.focus();

  const dictate = page.getByRole('button', { name: 'Dictate' });
  await expect(dictate).toBeEnabled();
  await dictate.click();
  await expect(page.getByRole('button', { name: 'Stop dictating' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // The first utterance: words, then "full stop" (a full stop) and "next section".
  await expect(microscopy).toHaveValue(/\S.*\.$/, { timeout: 60_000 });
  await expect(conclusion).toBeFocused();
  // The second utterance goes where the focus went.
  await expect(conclusion).toHaveValue(/\S/, { timeout: 60_000 });
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, 'dictated-1600.png') });
  await page.getByRole('button', { name: 'Stop dictating' }).click();

  const heard = `${await microscopy.inputValue()} ${await conclusion.inputValue()}`;
  const wer = wordErrorRate(REFERENCE, heard);
  fs.mkdirSync('build/test-reports', { recursive: true });
  fs.writeFileSync(
    'build/test-reports/dictation-e2e.json',
    JSON.stringify({ reference: REFERENCE, heard, wer }, null, 2),
  );
  // A broken path (no audio, wrong rate, wrong model) gives a rate near 1.
  expect(wer).toBeLessThan(0.6);
  // The words are in the draft, saved by the editor as typed text is.
  await expect
    .poll(
      async () =>
        (await callApi(request, 'getReport', { caseId: chosen.id })).content.sections.conclusion,
    )
    .toBe(await conclusion.inputValue());
  void app;
});

test('a dictation device’s buttons move between sections, record, change slide and sign', async ({
  app,
  page,
  request,
}) => {
  await openSlideOfCase(page, request);
  /** A button pressed and released, by its dictation_support name. */
  const press = (button: string) =>
    page.evaluate((name) => {
      const hook = window.__dictation!;
      hook.buttons(hook.bits[name]!);
      hook.buttons(0);
    }, button);
  await expect.poll(() => page.evaluate(() => typeof window.__dictation)).toBe('object');

  const microscopy = page.getByRole('textbox', { name: 'Microscopy', exact: true });
  await microscopy.focus();
  await press('TAB_FORWARD');
  await expect(page.getByRole('textbox', { name: 'Conclusion', exact: true })).toBeFocused();
  await press('TAB_BACKWARD');
  await expect(microscopy).toBeFocused();

  // Record starts built-in dictation, Stop stops it.
  await press('RECORD');
  await expect(page.getByRole('button', { name: 'Stop dictating' })).toBeVisible();
  await press('STOP');
  await expect(page.getByRole('button', { name: 'Dictate' })).toBeVisible();

  // F2 is "next slide" by default; F1 "previous slide".
  await expect(page).toHaveURL(/\/slide\/1$/);
  await press('F2_B');
  await expect(page).toHaveURL(/\/slide\/2$/);
  await press('F1_A');
  await expect(page).toHaveURL(/\/slide\/1$/);

  // End of letter opens the signature (nothing is signed without the PIN).
  await press('EOL_PRIO');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  void app;
});
