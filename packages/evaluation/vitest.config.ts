import { defineProject } from 'vitest/config';

// projects do not inherit the root's timeouts: a shared 2-core machine under a full run needs more than vitest's 5 s
export default defineProject({ test: { name: '@policy/evaluation', testTimeout: 60_000, hookTimeout: 120_000 } });
