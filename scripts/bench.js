#!/usr/bin/env node
/**
 * `npm run bench` entry: runs the compiled benchmark suite (scripts/bench/src, built by the npm
 * script with `tsc -p scripts/bench`). See scripts/bench/src/main.ts for benchmarks and options.
 */
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('./bench/dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`spade bench: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  });
