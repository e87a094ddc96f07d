import { describe, expect, it } from 'vitest';
import type { RpcResponse } from '../common/rpc';
import { memoryLogger } from '../core/log/logger';
import { fakeWorkstation } from '../core/testing/fakeWorkstation';
import { REFUSED_SENDER_RESPONSE, createIpcCallHandler } from './ipcCall';
import type { IpcSender } from './policy';

const OUR_ID = 3;
const trusted: IpcSender = {
  frame: { url: 'app://renderer/index.html', parent: null },
  webContentsId: OUR_ID,
};

describe('createIpcCallHandler', () => {
  it('dispatches calls from our main frame to the real engine handlers', async () => {
    const ws = await fakeWorkstation();
    try {
      const log = memoryLogger();
      const afterCalls: [string, boolean][] = [];
      const handle = createIpcCallHandler({
        handlers: ws.handlers,
        isOurWebContents: (id) => id === OUR_ID,
        log,
        afterCall: (method, response) => afterCalls.push([method, response.ok]),
      });
      const info = await handle(trusted, 'getAppInfo', {});
      expect(info).toEqual({
        ok: true,
        value: {
          version: '0.0.0-test',
          systemLocale: 'fr-FR',
          dataDir: ws.dataDir,
          secretStorage: 'plain',
          databaseRecovery: null,
        },
      });
      const updated = await handle(trusted, 'updateSettings', { language: 'en' });
      expect(updated).toMatchObject({ ok: true, value: { language: 'en' } });
      expect(afterCalls).toEqual([
        ['getAppInfo', true],
        ['updateSettings', true],
      ]);
      // Malformed calls are typed errors from the shared dispatch, not throws.
      expect(await handle(trusted, 'deleteEverything', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
      expect(await handle(trusted, 'updateSettings', { language: 'de' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
      expect(log.lines.filter((l) => l.event === 'ipc.refused')).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  it('refuses unknown senders with a typed response before any handler runs', async () => {
    let ran = 0;
    const ws = await fakeWorkstation();
    try {
      const handlers = {
        ...ws.handlers,
        updateSettings: (...args: Parameters<typeof ws.handlers.updateSettings>) => (
          ran++,
          ws.handlers.updateSettings(...args)
        ),
      };
      const log = memoryLogger();
      const handle = createIpcCallHandler({
        handlers,
        isOurWebContents: (id) => id === OUR_ID,
        log,
        afterCall: () => ran++,
      });
      const senders: IpcSender[] = [
        { ...trusted, webContentsId: 99 },
        { ...trusted, frame: null },
        { ...trusted, frame: { url: 'app://renderer/index.html', parent: {} } },
        { ...trusted, frame: { url: 'https://attacker.example/', parent: null } },
      ];
      for (const sender of senders) {
        const response: RpcResponse = await handle(sender, 'updateSettings', { language: 'en' });
        expect(response).toEqual(REFUSED_SENDER_RESPONSE);
      }
      expect(ran).toBe(0);
      expect((await ws.handlers.getSettings({})).language).toBeNull();
      expect(log.lines.map((l) => l.event)).toEqual([
        'ipc.refused',
        'ipc.refused',
        'ipc.refused',
        'ipc.refused',
      ]);
      // The log says why and who, never what was asked.
      expect(JSON.stringify(log.lines)).not.toContain('language');
    } finally {
      await ws.close();
    }
  });

  it('survives a failing afterCall hook', async () => {
    const ws = await fakeWorkstation();
    try {
      const log = memoryLogger();
      const handle = createIpcCallHandler({
        handlers: ws.handlers,
        isOurWebContents: () => true,
        log,
        afterCall: () => {
          throw new Error('menu broke');
        },
      });
      expect(await handle(trusted, 'getSettings', {})).toMatchObject({ ok: true });
      expect(log.lines).toMatchObject([{ level: 'error', event: 'ipc.afterCall.failed' }]);
    } finally {
      await ws.close();
    }
  });
});
