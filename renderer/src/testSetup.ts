import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// React checks this flag to know that act() is supported by the environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// jsdom has no canvas; OpenSeadragon probes it when loaded. Say "no 2D context" quietly
// instead of jsdom's "not implemented" noise (viewer rendering is checked in a browser).
HTMLCanvasElement.prototype.getContext = (() =>
  null) as typeof HTMLCanvasElement.prototype.getContext;

// Testing Library unmounts automatically only when vitest globals are on; they are off here.
afterEach(() => {
  cleanup();
});
