#!/usr/bin/env node
import { run } from './tsx-entry.js';

await run('../src/demo/main.ts');
