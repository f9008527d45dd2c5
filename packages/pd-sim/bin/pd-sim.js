#!/usr/bin/env node
// The simulator ships as TypeScript source: it is a development tool (tests, benchmarks, `npm run demo`) and
// is never compiled into the bot's image, so its bin runs the source through tsx instead of a build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('../src/bin/pd-sim.ts', import.meta.url);
