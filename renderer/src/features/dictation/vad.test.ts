import { describe, expect, it } from 'vitest';
import { DEFAULT_VAD, VoiceActivityDetector, pcm16Base64 } from './vad';

const RATE = DEFAULT_VAD.sampleRate;
function noise(ms: number, amplitude: number, seed = 1): Float32Array {
  let x = seed;
  return Float32Array.from({ length: (RATE * ms) / 1000 }, () => {
    x = (x * 16807) % 2147483647;
    return ((x / 2147483647) * 2 - 1) * amplitude;
  });
}
function tone(ms: number, amplitude: number): Float32Array {
  return Float32Array.from(
    { length: (RATE * ms) / 1000 },
    (_, i) => Math.sin((2 * Math.PI * 220 * i) / RATE) * amplitude,
  );
}
function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('VoiceActivityDetector', () => {
  it('cuts two utterances at a pause, with pre-roll, over background noise', () => {
    const vad = new VoiceActivityDetector();
    const audio = concat(
      noise(500, 0.002),
      tone(1200, 0.2),
      noise(1000, 0.002, 7),
      tone(800, 0.2),
      noise(1000, 0.002, 9),
    );
    const utterances = vad.push(audio);
    expect(utterances).toHaveLength(2);
    const seconds = utterances.map((u) => u.length / RATE);
    // Speech + pre-roll (≤ 0.3 s) + the trailing silence that ended it (0.7 s).
    expect(seconds[0]).toBeGreaterThan(1.2 + 0.6);
    expect(seconds[0]).toBeLessThan(1.2 + 0.3 + 0.75);
    expect(seconds[1]).toBeGreaterThan(0.8 + 0.6);
    expect(vad.inSpeech).toBe(false);
  });

  it('ignores noise, clicks shorter than the start time, and digital silence', () => {
    const vad = new VoiceActivityDetector();
    expect(
      vad.push(
        concat(new Float32Array(RATE), noise(1000, 0.003), tone(30, 0.3), noise(1000, 0.003)),
      ),
    ).toEqual([]);
    expect(vad.flush()).toBeNull();
  });

  it('cuts a long utterance at the maximum, and flushes one in progress', () => {
    const vad = new VoiceActivityDetector({ ...DEFAULT_VAD, maxMs: 1000 });
    const cut = vad.push(concat(noise(300, 0.002), tone(1500, 0.2)));
    expect(cut).toHaveLength(1);
    expect(cut[0]!.length / RATE).toBeCloseTo(1, 1);
    expect(vad.inSpeech).toBe(true);
    expect(vad.push(tone(60, 0.2))).toEqual([]);
    expect(vad.flush()!.length).toBeGreaterThan(0);
  });
});

describe('pcm16Base64', () => {
  it('writes clipped 16-bit little-endian samples', () => {
    const bytes = Uint8Array.from(atob(pcm16Base64(Float32Array.of(0, 1, -1, 2))), (c) =>
      c.charCodeAt(0),
    );
    expect(Array.from(new Int16Array(bytes.buffer))).toEqual([0, 32767, -32767, 32767]);
  });
});
