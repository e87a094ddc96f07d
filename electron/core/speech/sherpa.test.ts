/**
 * The sherpa-onnx engine without a model (none can be downloaded here): what it reports,
 * and that a damaged model file gives a clear error, not a crash.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SherpaEngine } from './sherpa';
import { findSherpaModel, sherpaModelDir } from './sherpaModels';

const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-sherpa-'));
const engine = new SherpaEngine({ modelsDir: models });
afterAll(async () => {
  await engine.close();
  fs.rmSync(models, { recursive: true, force: true });
});

describe('sherpa-onnx engine', () => {
  it('reports no language and where models go when none is installed', async () => {
    const status = await engine.status();
    expect(status).toMatchObject({ id: 'sherpa-onnx', languages: [] });
    expect(status.missing).toMatch(/fr, en|not installed/);
    expect(status.installHint).toContain(sherpaModelDir(models, 'fr'));
    await expect(engine.transcribe(new Int16Array(1600), 'fr')).rejects.toMatchObject({
      code: 'unsupported',
    });
  });

  it('finds a release folder (int8 files first) and fails clearly on a damaged model', async () => {
    const dir = sherpaModelDir(models, 'en');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of [
      'encoder-epoch-99-avg-1.onnx',
      'encoder-epoch-99-avg-1.int8.onnx',
      'decoder-epoch-99-avg-1.onnx',
      'joiner-epoch-99-avg-1.int8.onnx',
      'tokens.txt',
    ]) {
      fs.writeFileSync(path.join(dir, f), 'not a model');
    }
    expect(findSherpaModel(models, 'en')).toMatchObject({
      encoder: path.join(dir, 'encoder-epoch-99-avg-1.int8.onnx'),
      decoder: path.join(dir, 'decoder-epoch-99-avg-1.onnx'),
    });
    expect((await engine.status()).languages).toEqual(['en']);
    // Refused before the native library sees it: it would end the process.
    const failure = engine.transcribe(new Int16Array(1600), 'en');
    await expect(failure).rejects.toMatchObject({ code: 'corrupt' });
    await expect(failure).rejects.toThrow('encoder-epoch-99-avg-1.int8.onnx is not an ONNX model');
  }, 60_000);
});
