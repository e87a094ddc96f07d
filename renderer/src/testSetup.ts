import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// Testing Library unmounts automatically only when vitest globals are on; they are off here.
afterEach(() => {
  cleanup();
});
