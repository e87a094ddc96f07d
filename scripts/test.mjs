#!/usr/bin/env node
// The one test command (README, .ci/run): typecheck, lint, unit/integration tests (Vitest),
// end-to-end tests (Playwright + Chromium). Every step runs even if an earlier one failed,
// and the last line totals them all: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'build', 'test-reports');
fs.mkdirSync(reports, { recursive: true });

const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);
let passed = 0;
let failed = 0;
const summary = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: r.status === 0, seconds };
}

function check(label, cmd, args) {
  const { ok, seconds } = run(label, cmd, args);
  ok ? passed++ : failed++;
  summary.push(`${label}: ${ok ? 'ok' : 'FAILED'} (${seconds}s)`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

if (want('typecheck')) check('typecheck', 'npx', ['tsc', '-b']);
if (want('lint')) check('lint', 'npm', ['run', '--silent', 'lint']);

if (want('unit')) {
  const out = path.join(reports, 'vitest.json');
  fs.rmSync(out, { force: true });
  const { ok, seconds } = run('unit', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}`,
  ]);
  const r = readJson(out);
  const p = r?.numPassedTests ?? 0;
  // A run that fails without a failed test (a suite that cannot load) still counts as one.
  let f = r?.numFailedTests ?? 0;
  if (!ok && f === 0) f = 1;
  passed += p;
  failed += f;
  summary.push(`unit: ${p} passed, ${f} failed (${seconds}s)`);
}

if (want('e2e')) {
  const out = path.join(reports, 'playwright.json');
  fs.rmSync(out, { force: true });
  const build = run('build renderer', 'npm', ['run', '--silent', 'build:renderer']);
  if (!build.ok) {
    failed++;
    summary.push('e2e: renderer build FAILED');
  } else {
    process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = out;
    const { ok, seconds } = run('e2e', 'npx', [
      'playwright',
      'test',
      '--config',
      'e2e/playwright.config.ts',
      '--reporter=list,json',
    ]);
    const r = readJson(out);
    const p = r?.stats?.expected ?? 0;
    let f = (r?.stats?.unexpected ?? 0) + (r?.stats?.flaky ?? 0);
    if (!ok && f === 0) f = 1;
    passed += p;
    failed += f;
    summary.push(`e2e: ${p} passed, ${f} failed (${seconds}s)`);
  }
}

console.log(`\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
