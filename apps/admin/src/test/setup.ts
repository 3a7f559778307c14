import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// antd reads matchMedia for responsive layout; happy-dom has it, but keep a stable answer
// the e2e suite runs in the node environment (no window)
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = ((q: string) => ({
    matches: false,
    media: q,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}

afterEach(() => cleanup());
