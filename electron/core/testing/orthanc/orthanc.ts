/**
 * A real Orthanc for tests, benchmarks and e2e: started on a free 127.0.0.1 port with a
 * temporary configuration and storage, DICOM (DIMSE) port off, remote access refused,
 * the DICOMweb and WSI plugins of the Debian packages loaded. Test-only code: nothing in
 * the app imports it. Re-exported for scripts and e2e by scripts/orthanc/index.ts.
 *
 * Debian packages (orthanc, orthanc-dicomweb, orthanc-wsi): the server is /usr/sbin/Orthanc
 * and plugins are /usr/share/orthanc/plugins/*.so; ORTHANC_BINARY and ORTHANC_PLUGINS
 * override them. Orthanc 1.10 has no option to bind one address: it listens on all of
 * them, and `RemoteAccessAllowed: false` makes it answer 403 to anything not loopback.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BINARY = process.env['ORTHANC_BINARY'] ?? '/usr/sbin/Orthanc';
export const ORTHANC_PLUGINS = process.env['ORTHANC_PLUGINS'] ?? '/usr/share/orthanc/plugins';
export const DICOMWEB_PLUGIN = 'libOrthancDicomWeb.so';
export const WSI_PLUGIN = 'libOrthancWSI.so';

/** Bound on startup: Orthanc 1.10 with two plugins starts in well under a second here. */
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface StartOrthancOptions {
  /** Enables HTTP basic authentication with this one user. */
  auth?: { user: string; password: string };
  /** Plugin file names in ORTHANC_PLUGINS; default DICOMweb and WSI. */
  plugins?: readonly string[];
  /** Extra configuration entries, merged over ours. */
  config?: Record<string, unknown>;
}

export interface UploadedInstance {
  /** Orthanc's own id, for its REST API (/instances/{id}/...). */
  id: string;
  path: string;
}

export interface OrthancServer {
  /** Orthanc's REST root, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The DICOMweb root, e.g. http://127.0.0.1:41234/dicom-web */
  dicomwebUrl: string;
  port: number;
  /** The current process id (changes on restart). */
  readonly pid: number;
  /** Headers for Orthanc's own REST API (basic auth when enabled). */
  headers: Record<string, string>;
  /** Stores DICOM files (POST /instances); returns their Orthanc ids in order. */
  upload(files: readonly string[]): Promise<UploadedInstance[]>;
  /**
   * Kills the server and removes its temporary files. Safe to call twice. Orthanc takes
   * ~2.5 s to stop on SIGTERM; since its storage is thrown away, SIGKILL is the default.
   */
  stop(options?: { graceful?: boolean }): Promise<void>;
  /** The server's log so far (last lines), for failure messages. */
  log(): string;
  /** Kills the process but keeps its storage: the archive is "down" until restart(). */
  halt(): Promise<void>;
  /** Starts the halted server again, same port, same storage. */
  restart(): Promise<void>;
}

/** Whether the Orthanc binary is installed where the harness looks. */
export function orthancInstalled(): boolean {
  return existsSync(ORTHANC_BINARY) && existsSync(join(ORTHANC_PLUGINS, DICOMWEB_PLUGIN));
}

/** A port the OS says is free on 127.0.0.1 now (Orthanc binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test runner that dies must not leave servers behind.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export async function startOrthanc(options: StartOrthancOptions = {}): Promise<OrthancServer> {
  if (!orthancInstalled()) {
    throw new Error(
      `Orthanc is not installed (${ORTHANC_BINARY}, ${ORTHANC_PLUGINS}/${DICOMWEB_PLUGIN}): ` +
        'apt-get install orthanc orthanc-dicomweb orthanc-wsi',
    );
  }
  // A free port can be taken between our check and Orthanc's bind: try again then.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (e) {
      lastError = e;
      if (!(e instanceof PortTakenError)) throw e;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('Orthanc did not start.');
}

class PortTakenError extends Error {}

async function startOnce(options: StartOrthancOptions, port: number): Promise<OrthancServer> {
  const dir = await mkdtemp(join(tmpdir(), 'lpw-orthanc-'));
  const storage = join(dir, 'db');
  const plugins = (options.plugins ?? [DICOMWEB_PLUGIN, WSI_PLUGIN]).map((p) =>
    join(ORTHANC_PLUGINS, p),
  );
  const config: Record<string, unknown> = {
    Name: 'lpw-test',
    StorageDirectory: storage,
    IndexDirectory: storage,
    StorageCompression: false,
    HttpPort: port,
    HttpServerEnabled: true,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: options.auth !== undefined,
    RegisteredUsers: options.auth ? { [options.auth.user]: options.auth.password } : {},
    Plugins: plugins,
    // Nothing persists between runs: no job history, no Lua, no remote modalities.
    SaveJobs: false,
    KeepAlive: true,
    HttpDescribeErrors: true,
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    ...options.config,
  };
  const configPath = join(dir, 'orthanc.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));

  const url = `http://127.0.0.1:${port}`;
  const headers: Record<string, string> = options.auth
    ? {
        Authorization: `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`,
      }
    : {};
  const lines: string[] = [];
  let current: Launched | null = null;
  let stopped = false;

  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = current;
    current = null;
    if (proc === null || proc.hasExited()) return;
    proc.child.kill(signal);
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await proc.exited;
    clearTimeout(timer);
  };

  const stop = async (stopOptions: { graceful?: boolean } = {}): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await kill(stopOptions.graceful === true ? 'SIGTERM' : 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };

  const launchAndCheck = async (): Promise<void> => {
    const proc = launch(configPath, dir, port, lines);
    current = proc;
    try {
      await proc.started;
      // The log line comes as the listener opens; one request proves it answers.
      const res = await fetch(`${url}/system`, { headers, signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`Orthanc answered /system with HTTP ${res.status}.`);
      await res.arrayBuffer();
    } catch (e) {
      await kill('SIGKILL');
      throw e;
    }
  };

  try {
    await launchAndCheck();
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    url,
    dicomwebUrl: `${url}/dicom-web`,
    port,
    get pid() {
      return current?.child.pid ?? -1;
    },
    headers,
    async upload(files) {
      const out: UploadedInstance[] = [];
      for (const path of files) {
        const body = await readFile(path);
        const res = await fetch(`${url}/instances`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/dicom' },
          body,
          signal: AbortSignal.timeout(60_000),
        });
        const text = await res.text();
        if (!res.ok)
          throw new Error(`Orthanc refused ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
        const parsed = JSON.parse(text) as { ID?: string };
        out.push({ id: parsed.ID ?? '', path });
      }
      return out;
    },
    stop,
    log: () => lines.join('\n'),
    // SIGKILL is safe for the storage: Orthanc's index is SQLite (atomic commits) and
    // every upload was acknowledged after it was written.
    halt: () => kill('SIGKILL'),
    async restart() {
      if (stopped) throw new Error('Orthanc was stopped; start a new one.');
      if (current !== null) return;
      await launchAndCheck();
    },
  };
}

interface Launched {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<void>;
  hasExited(): boolean;
}

/** Spawns Orthanc; `started` resolves when its log says so, rejects if it exits first. */
function launch(configPath: string, cwd: string, port: number, lines: string[]): Launched {
  const child = spawn(ORTHANC_BINARY, [configPath], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  installExitHook();
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      running.delete(child);
      resolve();
    });
  });
  // Orthanc writes its log to stderr; it says "Orthanc has started" once it serves HTTP.
  const started = new Promise<void>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`Orthanc did not start within ${START_TIMEOUT_MS} ms.`)),
      START_TIMEOUT_MS,
    );
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 400) lines.shift();
        if (line.includes('Orthanc has started')) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      const text = lines.join('\n');
      if (/address already in use|cannot bind|Cannot start the HTTP server/i.test(text)) {
        reject(new PortTakenError(`Port ${port} was taken.`));
      } else {
        reject(new Error(`Orthanc exited during startup:\n${lines.slice(-20).join('\n')}`));
      }
    });
  });
  // A rejection after startup (the process exiting later) is expected: not unhandled.
  started.catch(() => undefined);
  return { child, started, exited, hasExited: () => done };
}
