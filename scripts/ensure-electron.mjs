#!/usr/bin/env node
// Runs before electron-vite in `npm start` and `npm run dev`. Since Electron 42 the binary is not downloaded
// by `npm install` but on first use, which writes node_modules/electron/path.txt; electron-vite only reads
// that file, so on a fresh clone it dies with "Error: Electron uninstall" and a stack trace. This fetches
// the binary through Electron's own installer when it is missing, or says in one line why it cannot
// (exit 1, no stack trace). Resolves `electron` from the current directory, like electron-vite does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

class CannotStart extends Error {}

/** The command the user typed, to tell them what to run again. */
const again = process.env.npm_lifecycle_event === 'dev' ? '`npm run dev`' : '`npm start`';

/** Same rules as node_modules/electron/install.js (getPlatformPath): where the executable sits in dist/. */
function platformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      throw new CannotStart(`Electron has no build for this platform (${platform})`);
  }
}

function readOrNull(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** install.js's own isInstalled(): the right version, path.txt naming this platform's executable, and it. */
function isInstalled(electronDir, version, executable) {
  const distVersion = readOrNull(join(electronDir, 'dist', 'version'));
  return (
    distVersion !== null &&
    distVersion.replace(/^v/, '') === version &&
    readOrNull(join(electronDir, 'path.txt')) === executable &&
    existsSync(join(electronDir, 'dist', executable))
  );
}

/** Electron's package.json says which Node its installer needs, as ">= X.Y.Z": that X.Y.Z, or null. */
function minimumNode(range) {
  const match = /^>=\s*(\d+\.\d+\.\d+)$/.exec((range ?? '').trim());
  return match ? match[1] : null; // a form we do not know: let the installer decide
}

function isOlder(version, than) {
  const have = version.split('.').map(Number);
  const wanted = than.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== wanted[i]) return (have[i] ?? 0) < wanted[i];
  }
  return false;
}

/** The installer prints err.stack: keep its first line (the message), without the stack or Node's notices. */
function firstErrorLine(stderr) {
  const line = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('(node:'));
  if (!line) return 'no error message';
  const message = line.replace(/^[A-Za-z]*Error: /, '');
  return message.length > 200 ? `${message.slice(0, 200)}...` : message;
}

function ensureElectron() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) {
    // electron-vite uses this executable as is, without looking at node_modules/electron.
    if (existsSync(override)) return;
    throw new CannotStart(`ELECTRON_EXEC_PATH is ${override}, which does not exist: fix it or unset it`);
  }

  let electronDir;
  try {
    electronDir = dirname(
      createRequire(join(process.cwd(), 'package.json')).resolve('electron/package.json'),
    );
  } catch {
    throw new CannotStart('Electron is not installed (no node_modules/electron): run `npm install` first');
  }
  const pkg = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  const platform =
    process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;
  const executable = platformPath(platform);
  if (isInstalled(electronDir, pkg.version, executable)) return;

  const wantedNode = minimumNode(pkg.engines?.node);
  if (wantedNode !== null && isOlder(process.versions.node, wantedNode)) {
    throw new CannotStart(
      `Electron ${pkg.version} is not downloaded yet, and its installer needs Node ${wantedNode} or later ` +
        `(this is Node ${process.versions.node}): install Node ${wantedNode}+ and run ${again} again ` +
        '(the bartempo CLI alone runs on Node 20.19+)',
    );
  }

  process.stdout.write(
    `BarTempo: downloading Electron ${pkg.version} for ${platform}-${arch} (about 100 MB, first start only)...\n`,
  );
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (run.error) throw new CannotStart(`could not run Electron's installer: ${run.error.message}`);
  if (run.status !== 0) {
    const why = run.signal ? `stopped by ${run.signal}` : firstErrorLine(run.stderr ?? '');
    throw new CannotStart(
      `could not download Electron ${pkg.version} (${why}): the first start needs the network to fetch ` +
        `Electron's binary from GitHub (or a mirror named by ELECTRON_MIRROR); connect and run ${again} again`,
    );
  }
  if (!isInstalled(electronDir, pkg.version, executable)) {
    throw new CannotStart(
      `Electron's installer finished but ${join(electronDir, 'dist', executable)} is missing: ` +
        `delete node_modules/electron, run \`npm install\`, then ${again}`,
    );
  }
}

try {
  ensureElectron();
} catch (err) {
  const message =
    err instanceof CannotStart ? err.message : `could not check Electron: ${String(err?.message ?? err)}`;
  process.stderr.write(`BarTempo: ${message}.\n`);
  process.exitCode = 1;
}
