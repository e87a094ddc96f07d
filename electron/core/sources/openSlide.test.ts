import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSlideFiles, openSlideAny } from './openSlide';
import { generateFixtures } from './tiff/testFixtures';
import type { FixtureSet } from './tiff/testFixtures';

let dir: string;
let fx: FixtureSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openslide-'));
  fx = await generateFixtures(join(dir, 'all'));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openSlideAny', () => {
  it('opens a slide file by its bytes, whatever its name', async () => {
    const renamed = join(dir, 'slide.bin');
    await copyFile(fx.bigtiff, renamed);
    const s = await openSlideAny(renamed);
    expect(s.metadata.format).toBe('bigtiff');
    await s.close();
  });

  it('opens the only slide of a folder, ignoring other files', async () => {
    const folder = join(dir, 'case');
    await mkdir(folder);
    await copyFile(fx.svs, join(folder, 'A1.svs'));
    await writeFile(join(folder, 'notes.txt'), 'not a slide');
    expect(await findSlideFiles(folder)).toEqual([join(folder, 'A1.svs')]);
    const s = await openSlideAny(folder);
    expect(s.metadata.format).toBe('aperio-svs');
    await s.close();
  });

  it('says what is wrong: missing, empty folder, several slides, unknown format, URL', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const text = join(dir, 'readme.txt');
    await writeFile(text, 'hello');
    await expect(openSlideAny(join(dir, 'nope'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(openSlideAny(empty)).rejects.toMatchObject({ code: 'not_found' });
    await expect(openSlideAny(fx.dir)).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(openSlideAny(text)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(openSlideAny(fx.notTiff)).rejects.toMatchObject({ code: 'corrupt' });
    await expect(openSlideAny('https://pacs.example/dicomweb')).rejects.toMatchObject({
      code: 'unsupported',
    });
  });
});
