#!/usr/bin/env node
import { run } from './entry.js';

await run('runtime/main', 'bundle/bot-main');
