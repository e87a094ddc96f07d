/**
 * The real pocketsphinx (Debian pocketsphinx + pocketsphinx-en-us) on speech made by
 * espeak-ng: the word error rate is measured and written to build/test-reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wordErrorRate } from '../../common/speech/wordErrorRate';
import { PocketsphinxEngine } from './pocketsphinx';
import { speakToWav } from './testing/speak';
import { pcmOfWav } from './wav';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-ps-test-'));
const engine = new PocketsphinxEngine({ workDir: dir });
afterAll(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sentences made of the vocabulary's words, none of them a line of the corpus. */
const SENTENCES = [
  'the tumour measures fifteen millimetres',
  'the deep margin is clear by two millimetres full stop',
  'there is no necrosis and no lymphovascular invasion',
  'the gleason score is three plus four equals seven full stop next section',
];

describe('pocketsphinx engine', () => {
  it('is installed for English only, and says how to get what is missing', async () => {
    const status = await engine.status();
    expect(status).toMatchObject({ id: 'pocketsphinx', languages: ['en'] });
    expect(status.missing).toMatch(/French/);
    expect(status.installHint).toContain('pocketsphinx-en-us');
    await expect(engine.transcribe(new Int16Array(16000), 'fr')).rejects.toMatchObject({
      code: 'unsupported',
    });
  });

  it('transcribes spoken report sentences with the pathology vocabulary', async () => {
    const results = [];
    for (const [i, sentence] of SENTENCES.entries()) {
      const { pcm, sampleRate } = pcmOfWav(
        fs.readFileSync(speakToWav(sentence, path.join(dir, `s${i}.wav`))),
      );
      expect(sampleRate).toBe(16000);
      const started = performance.now();
      const text = await engine.transcribe(pcm, 'en');
      results.push({
        sentence,
        text,
        wer: wordErrorRate(sentence, text),
        ms: Math.round(performance.now() - started),
        audioMs: Math.round((pcm.length / 16000) * 1000),
      });
    }
    const words = SENTENCES.reduce((n, s) => n + s.split(' ').length, 0);
    const errors = results.reduce((n, r) => n + r.wer * r.sentence.split(' ').length, 0);
    const overall = errors / words;
    fs.mkdirSync('build/test-reports', { recursive: true });
    fs.writeFileSync(
      'build/test-reports/dictation-pocketsphinx.json',
      JSON.stringify({ overallWer: overall, results }, null, 2),
    );
    // A broken path (wrong model, no vocabulary, silence) gives a rate near 1.
    expect(overall).toBeLessThan(0.5);
  }, 120_000);

  it('hears nothing in silence', async () => {
    expect(await engine.transcribe(new Int16Array(16000), 'en')).toBe('');
  }, 60_000);
});
