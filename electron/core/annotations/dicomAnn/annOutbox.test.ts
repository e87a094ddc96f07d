/**
 * The files of annotation objects waiting for the archive: written whole, read back, and
 * swept once no outbox row names them (leftovers of a crash included).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnnOutboxFiles, annStoreSubject } from './annOutbox';

describe('annotation outbox files', () => {
  it('keeps bytes until no waiting row names them', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lpw-annbox-')), 'outbox');
    const files = new AnnOutboxFiles(dir);
    const a = files.put(new Uint8Array([1, 2, 3]));
    const b = files.put(new Uint8Array([4, 5]));
    expect(a).not.toBe(b);
    expect(Array.from(await files.read(a))).toEqual([1, 2, 3]);
    // What a crash in the middle of a put leaves, and a file that is not ours.
    fs.writeFileSync(path.join(dir, 'ann-00000000-0000-0000-0000-000000000000.dcm.tmp'), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kept');

    expect(await files.sweep(() => new Set([b]))).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual([b, 'notes.txt'].sort());
    await expect(files.read(a)).rejects.toMatchObject({ code: 'corrupt' });
    await expect(files.read('../workstation.db')).rejects.toMatchObject({ code: 'corrupt' });
    expect(await new AnnOutboxFiles(path.join(dir, 'none')).sweep(() => new Set())).toBe(0);
  });

  it('names the slide as the subject: a newer save replaces a waiting one', () => {
    expect(annStoreSubject('1.2.3', '1.2.4')).toBe('ann:1.2.3/1.2.4');
  });
});
