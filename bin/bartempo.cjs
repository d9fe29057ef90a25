#!/usr/bin/env node
'use strict';
// The CLI is TypeScript bundled by `npm run build:node` (run by `npm install` via `prepare`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'out', 'node', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'bartempo: the CLI is not built yet; run `npm install` (or `npm run build:node`) first.\n',
  );
  process.exit(2);
}
// `bartempo record --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
    // noble's HCI backend polls the adapter every second forever; exit explicitly once the command is done.
    process.stdout.write('', () => process.exit(code));
  });
