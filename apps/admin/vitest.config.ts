import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: '@policy/admin', environment: 'happy-dom', include: ['src/**/*.test.{ts,tsx}'] } });
