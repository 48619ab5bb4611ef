#!/usr/bin/env node
import { run } from './entry.js';

await run('demo/main');
