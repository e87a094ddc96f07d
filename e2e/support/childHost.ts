/**
 * A web host in a child process of its own (`node --import tsx electron/host/serve.ts`, one
 * process, no tsx wrapper in between), on a data folder the test chooses: a test can kill
 * it with SIGKILL, as a power cut or a crash would, and start it again on the same folder.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ArgsOf, Method, ResultOf } from '../../electron/common/contract';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** First start on an empty folder generates the demo library (about 6 s on 2 cores). */
const READY_TIMEOUT_MS = 90_000;

export interface ChildHost {
  baseUrl: string;
  token: string;
  entryUrl: string;
  process: ChildProcess;
  /** Calls the engine as the renderer does. */
  call<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait (the host closes its databases). */
  stop(): Promise<void>;
}

export async function startChildHost(dataDir: string): Promise<ChildHost> {
  const token = randomBytes(24).toString('hex');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/host/serve.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--test-hooks',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, WORKSTATION_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not start in ${READY_TIMEOUT_MS} ms: ${err.slice(-2000)}`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Workstation ready: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}) before it was ready: ${err.slice(-2000)}`));
    });
  });
  const host: ChildHost = {
    baseUrl,
    token,
    entryUrl: `${baseUrl}/?token=${token}`,
    process: child,
    async call(method, args) {
      const response = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        body: JSON.stringify(args),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as
        | { ok: true; value: ResultOf<typeof method> }
        | { ok: false; error: { code: string; message: string } };
      if (!body.ok) throw new Error(`${method} failed: ${body.error.code} ${body.error.message}`);
      return body.value;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  // The host answers before its library is scanned (the demo library is generated on the
  // first start): listCases waits for the scan.
  await host.call('listCases', {});
  return host;
}
