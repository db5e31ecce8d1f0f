#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`, which `npm ci` runs).
//
// The AWS SDK warns on every run under Node 20 that its releases after January 2027 need Node 22.
// The README says so once; the CLI silences the repeated warning unless the user chose otherwise.
// https://github.com/aws/aws-sdk-js-v3/issues/7983
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
