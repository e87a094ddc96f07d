import { describe, expect, it } from 'vitest';
import { IPC_CHANNEL } from '../common/bridge';
import { ELECTRON_TILE_BASE, createBridge } from './bridge';

describe('createBridge', () => {
  it('sends every call on the single contract channel and returns the raw response', async () => {
    const sent: unknown[][] = [];
    const bridge = createBridge((channel, ...args) => {
      sent.push([channel, ...args]);
      return Promise.resolve({ ok: true, value: 42 });
    });
    expect(await bridge.call('listCases', {})).toEqual({ ok: true, value: 42 });
    expect(await bridge.call('getCase', { caseId: 'c1' })).toEqual({ ok: true, value: 42 });
    expect(sent).toEqual([
      [IPC_CHANNEL, 'listCases', {}],
      [IPC_CHANNEL, 'getCase', { caseId: 'c1' }],
    ]);
  });

  it('exposes the tile base the main process serves (TILE_BASE of main/origins.ts)', () => {
    expect(createBridge(() => Promise.resolve(null)).tileBase).toBe('wsi://tiles');
    expect(ELECTRON_TILE_BASE).toBe('wsi://tiles');
  });

  it('exposes only plain data and functions (what contextBridge can copy)', () => {
    const bridge = createBridge(() => Promise.resolve(null));
    expect(Object.keys(bridge).sort()).toEqual(['call', 'tileBase']);
    expect(Object.getPrototypeOf(bridge)).toBe(Object.prototype);
  });
});
