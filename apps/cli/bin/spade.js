#!/usr/bin/env node
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`spade: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 1;
  });
