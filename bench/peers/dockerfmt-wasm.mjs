// @reteps/dockerfmt through its WASM build (the package's JS API), all files in one node process.
// The package's formatDockerfileContents() compiles and starts a fresh Go/WASM instance on every
// call; doing that 9,000 times measures mostly start-up, so this driver compiles the module once
// and keeps one Go instance, starting a fresh one only after a file made it fail (a Go panic
// ends the Go runtime). Options = the CLI's defaults: indent 4, no trailing newline forced.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [list, peersDir] = process.argv.slice(2);
const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
const req = createRequire(path.join(path.resolve(peersDir), 'package.json'));
const dist = path.dirname(req.resolve('@reteps/dockerfmt'));
await import(pathToFileURL(path.join(dist, 'wasm_exec.js')).href);
const module = await WebAssembly.compile(fs.readFileSync(path.join(dist, 'format.wasm')));

// A dead instance's pending Go timers throw later; that is expected after a panic.
process.on('uncaughtException', (e) => {
  if (e && /Go program has already exited/.test(e.message)) return;
  console.error(e); process.exit(1);
});

let formatBytes = null, exited = true;
async function start() {
  const go = new globalThis.__dockerfmt_Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  exited = false;
  go.run(instance).then(() => { exited = true; }, () => { exited = true; });
  formatBytes = globalThis.__dockerfmt_formatBytes;
  if (typeof formatBytes !== 'function') throw new Error('formatBytes not registered');
}

let failed = 0, bytes = 0, work = 0, restarts = 0;
for (const f of files) {
  const content = fs.readFileSync(f, 'utf8');
  bytes += Buffer.byteLength(content);
  if (exited) { await start(); restarts++; }
  try {
    const out = formatBytes(content, 4, false, false);
    if (typeof out !== 'string') throw new Error('no output');
    work += out.length;
  } catch (e) {
    failed++;
    exited = true; // do not trust this instance any more
    if (process.env.PEERS_VERBOSE) console.error(`${f}: ${e && e.message}`);
  }
}
console.log(`files=${files.length} failed=${failed} bytes=${bytes} work=${work} restarts=${restarts}`);
