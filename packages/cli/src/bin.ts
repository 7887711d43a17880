#!/usr/bin/env node
// The `linx` command. Only main is imported here; each object's code is imported when it is used.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
