/**
 * Preload of every window (sandboxed: bundled to CommonJS, it may only require
 * 'electron'). Exposes the contract client transport and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME } from '../common/bridge';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  BRIDGE_NAME,
  createBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
