/**
 * A draft save returns only once committed: a process killed with SIGKILL right after
 * being told "saved" leaves every one of those versions in workstation.db. (Power loss is
 * covered by synchronous=FULL, checked in db/open.test.ts.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe('draft durability', () => {
  it('keeps every version reported saved before a SIGKILL', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kill-')), 'workstation.db');
    const child = spawn(tsx, [path.join(__dirname, 'testing', 'saveLoop.ts'), file], { cwd: root });
    let lastSaved = 0;
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended: ${code}`)),
      );
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) lastSaved = Number(/^saved (\d+)$/.exec(line)?.[1] ?? lastSaved);
        if (lastSaved >= 300 && !child.killed) child.kill('SIGKILL');
      });
    });
    const db = new Database(file);
    const { v, microscopy } = db
      .prepare<[], { v: number; microscopy: string }>(
        `SELECT version AS v, json_extract(content, '$.sections.microscopy') AS microscopy
         FROM report_versions WHERE case_id = 'c1' ORDER BY version DESC LIMIT 1`,
      )
      .get()!;
    expect(v).toBeGreaterThanOrEqual(lastSaved);
    expect(microscopy.split(' ').filter(Boolean)).toHaveLength(v);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 90_000);
});
