// Shared helpers for the peer drivers: read the list file, load a package from the scratch folder.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

function setup() {
  const [list, peersDir] = process.argv.slice(2);
  if (!list || !peersDir) {
    console.error(`usage: node ${path.basename(process.argv[1])} LIST PEERS_DIR`);
    process.exit(64);
  }
  const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const req = createRequire(path.join(path.resolve(peersDir), 'package.json'));
  return { files, req };
}

// Runs fn(content, file) over every file; an exception counts as a failure.
async function runAll(files, fn) {
  let failed = 0, bytes = 0, work = 0;
  for (const f of files) {
    const content = fs.readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(content);
    try {
      work += (await fn(content, f)) || 0;
    } catch (e) {
      failed++;
      if (process.env.PEERS_VERBOSE) console.error(`${f}: ${e && e.message}`);
    }
  }
  // One machine-readable line; run.sh reads "failed=".
  console.log(`files=${files.length} failed=${failed} bytes=${bytes} work=${work}`);
}

module.exports = { setup, runAll };
