/**
 * The `report` CLI as a user runs it (tsx electron/cli/report.ts ...), on a data folder
 * where a report was signed through the workstation's own calls (real workstation.db).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SECTIONS } from '../common/reports/model';
import { fakeLibrary, fakeWorkstation } from '../core/testing/fakeWorkstation';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'electron', 'cli', 'report.ts');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function report(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      tsx,
      [cli, ...args],
      {
        cwd: root,
        timeout: 60_000,
        maxBuffer: 64 << 20,
        encoding: 'buffer',
        // The report's language follows the system's, as the window's does.
        env: { ...process.env, LC_ALL: 'fr_FR.UTF-8' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

let dir: string;
let dataDir: string;
let library: string;
let sha256: string;
const args = (accession: string, format: string) => [
  'export',
  '--data-dir',
  dataDir,
  '--library',
  library,
  '--case',
  accession,
  '--format',
  format,
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lpw-report-cli-'));
  dataDir = join(dir, 'data');
  library = fakeLibrary();
  // A second case that stays a draft.
  fs.mkdirSync(join(library, 'B26-000002'));
  await writeFile(
    join(library, 'B26-000002', 'case.json'),
    JSON.stringify({ accession: 'B26-000002', priority: 'routine', specimen: 'Peau' }),
  );
  await writeFile(join(library, 'B26-000002', 'A1 HE.svs'), 'good');

  const ws = await fakeWorkstation({ dataDir, libraryFolders: [library] });
  const h = ws.handlers;
  await h.updateSettings({ showDemo: false });
  const cases = await h.listCases({});
  const signedCase = cases.find((c) => c.accession === 'B26-000001')!;
  const draftCase = cases.find((c) => c.accession === 'B26-000002')!;
  const user = await h.saveUser({ name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
  await h.setUserPin({ userId: user.id, pin: '2468' });
  await h.chooseUser({ userId: user.id, pin: '2468' });
  const content = {
    templateId: null,
    sections: {
      ...EMPTY_SECTIONS,
      microscopy: 'Ganglion sans métastase.',
      conclusion: 'Ganglion sentinelle indemne (0/1).',
    },
    synoptic: {},
    snapshotIds: [],
  };
  await h.saveReportDraft({ caseId: signedCase.id, content });
  await h.saveReportDraft({ caseId: draftCase.id, content });
  const checks = await h.checkSignOut({ caseId: signedCase.id });
  const overrides = checks.map((c) => ({
    code: c.code,
    subject: c.subject,
    reason: 'Relu sur lame en verre',
  }));
  const signed = await h.signReport({ caseId: signedCase.id, pin: '2468', overrides });
  sha256 = signed.signature!.sha256;
  await ws.close();
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(library, { recursive: true, force: true });
});

describe('report export', () => {
  it('writes the signed report as PDF bytes to stdout', async () => {
    const out = await report(args('B26-000001', 'pdf'));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(dir, 'out.pdf');
    await writeFile(file, out.stdout);
    const text = (await promisify(execFile)('pdftotext', [file, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('N° d’examen : B26-000001');
    expect(text).toContain('Ganglion sentinelle indemne (0/1).');
    expect(text).toContain(sha256);
  }, 120_000);

  it('writes the FHIR R4 Bundle as JSON', async () => {
    const out = await report(args('B26-000001', 'fhir'));
    expect(out.code).toBe(0);
    const bundle = JSON.parse(out.stdout.toString('utf8')) as {
      resourceType: string;
      entry: { resource: { resourceType: string; status?: string; identifier?: unknown } }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry[0]?.resource).toMatchObject({
      resourceType: 'DiagnosticReport',
      status: 'final',
      identifier: [{ value: 'B26-000001' }],
    });
  }, 120_000);

  it('fails with one line for a case without a signed report, or no such case', async () => {
    const draft = await report(args('B26-000002', 'pdf'));
    expect(draft.code).toBe(1);
    expect(draft.stdout.length).toBe(0);
    expect(draft.stderr).toBe('report: conflict: This case has no signed report to export.\n');
    const missing = await report(args('B26-999999', 'fhir'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('report: not_found: no case with accession B26-999999\n');
  }, 120_000);

  it('refuses bad arguments with one line and the usage exit code', async () => {
    const bad = await report(args('B26-000001', 'docx'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'report: --format must be pdf or fhir (got docx) (run "report --help" for usage)\n',
    );
    const none = await report(['export', '--data-dir', dataDir, '--format', 'pdf']);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')).toHaveLength(2);
    const nowhere = await report([
      'export',
      '--data-dir',
      join(dir, 'nope'),
      '--case',
      'X',
      '--format',
      'pdf',
    ]);
    expect(nowhere.code).toBe(1);
    expect(fs.existsSync(join(dir, 'nope'))).toBe(false);
  }, 120_000);
});
