#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader, so `npx backprop-studio` works right after
// `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
