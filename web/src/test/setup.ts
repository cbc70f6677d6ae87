import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { __resetNetworkForTests } from '@/lib/offline/network';

afterEach(() => {
  cleanup();
  // A test's failed request must not leave the next one "offline".
  __resetNetworkForTests();
  localStorage.clear();
  sessionStorage.clear();
});

// jsdom has no matchMedia; the app asks it for the OS theme. Default: a light OS.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
