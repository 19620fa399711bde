#!/usr/bin/env node
// The installed command: a thin launcher for the bundled CLI (built by `npm run build`).
import { run } from '../dist/bundle/entry.js';

await run();
