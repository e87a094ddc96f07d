import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './types';

interface Services {
  store: AppStore;
  tileBase: string;
  /** 'web': a browser tab of the web host, which may open more windows itself. */
  windowKind?: 'web' | 'electron';
}

const ServicesContext = createContext<Services | null>(null);

export function StoreProvider({
  store,
  tileBase,
  windowKind,
  children,
}: Services & { children: ReactNode }) {
  return (
    <ServicesContext.Provider value={{ store, tileBase, windowKind }}>
      {children}
    </ServicesContext.Provider>
  );
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('StoreProvider is missing');
  return services;
}

/** Reads a slice of the store; the component re-renders only when the selection changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

/** The store itself, for event handlers that read the latest state without subscribing. */
export function useStoreApi(): AppStore {
  return useServices().store;
}

export function useTileBase(): string {
  return useServices().tileBase;
}

export function useWindowKind(): 'web' | 'electron' {
  return useServices().windowKind ?? 'web';
}
