#!/usr/bin/env node
// The installed command: a thin launcher for the compiled CLI.
import { main } from '../dist/src/cli/main.js';

await main();
