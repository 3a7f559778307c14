#!/usr/bin/env node
// The packed CLI (`pnpm pack`): the built JavaScript, no tsx.
import { runAsProcess } from '../dist/index.js';
runAsProcess();
