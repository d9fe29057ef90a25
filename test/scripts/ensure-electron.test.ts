/**
 * scripts/ensure-electron.mjs, run as `npm start` runs it (a child `node`), against fake electron folders in a
 * temp project (the real binary cannot be downloaded here), against the real installer pointed at a closed
 * port, and in this repo as is.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/ensure-electron.mjs');
const VERSION = '45.4.1';
/** Pinned so the expected executable name is the same on every OS running the tests. */
const PLATFORM_ENV = { ELECTRON_INSTALL_PLATFORM: 'linux', ELECTRON_INSTALL_ARCH: 'x64' };

/** What Electron's install.js leaves behind after a successful download (for linux). */
const INSTALLER_THAT_WORKS = `
const fs = require('fs'), path = require('path');
fs.writeFileSync(path.join(__dirname, 'installer-ran'), '');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${VERSION}');
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;
/** What install.js prints when @electron/get cannot reach GitHub: console.error(err.stack), exit 1. */
const INSTALLER_OFFLINE = `
require('fs').writeFileSync(require('path').join(__dirname, 'installer-ran'), '');
console.error(\`TypeError: fetch failed
    at node:internal/deps/undici/undici:14976:13
    at async FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:46:30)
    at async downloadArtifact (file:///x/node_modules/@electron/get/dist/index.js:154:12)\`);
process.exit(1);
`;
const INSTALLER_THAT_LIES = `require('fs').writeFileSync(require('path').join(__dirname, 'installer-ran'), '');`;

let project: string;
let electronDir: string;

function fakeElectron(installer: string, nodeRange = '>= 1.0.0'): void {
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(
    join(electronDir, 'package.json'),
    JSON.stringify({ name: 'electron', version: VERSION, engines: { node: nodeRange } }),
  );
  writeFileSync(join(electronDir, 'install.js'), installer);
}

function markInstalled(files: { version?: string; pathTxt?: string; binary?: boolean }): void {
  mkdirSync(join(electronDir, 'dist'), { recursive: true });
  if (files.version) writeFileSync(join(electronDir, 'dist/version'), files.version);
  if (files.pathTxt) writeFileSync(join(electronDir, 'path.txt'), files.pathTxt);
  if (files.binary) writeFileSync(join(electronDir, 'dist/electron'), '');
}

function runScript(cwd: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [SCRIPT], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...PLATFORM_ENV, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const installerRan = () => existsSync(join(electronDir, 'installer-ran'));

/** A localhost port nothing listens on: a download from it fails at once, on any machine. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe('ensure-electron (before `npm start`)', () => {
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'bartempo-ensure-electron-'));
    writeFileSync(join(project, 'package.json'), '{"name":"fake-app"}');
    electronDir = join(project, 'node_modules/electron');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('does nothing when the binary is there (the installer is not even started)', () => {
    fakeElectron(INSTALLER_THAT_WORKS);
    markInstalled({ version: `v${VERSION}`, pathTxt: 'electron', binary: true });
    expect(runScript(project)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(installerRan()).toBe(false);
  });

  it.each([
    ['nothing downloaded yet (a fresh clone)', {}],
    ['path.txt without the binary', { version: `v${VERSION}`, pathTxt: 'electron' }],
    ['a binary of another version', { version: 'v44.0.0', pathTxt: 'electron', binary: true }],
    ['path.txt naming another platform', { version: `v${VERSION}`, pathTxt: 'electron.exe', binary: true }],
  ])('runs Electron’s installer for %s, then exits 0', (_name, files) => {
    fakeElectron(INSTALLER_THAT_WORKS);
    markInstalled(files);
    const run = runScript(project);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `BarTempo: downloading Electron ${VERSION} for linux-x64 (about 100 MB, first start only)...\n`,
    );
    expect(installerRan()).toBe(true);
    expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
  });

  it('without network: one line naming the cause and what to do, exit 1, no stack trace', () => {
    fakeElectron(INSTALLER_OFFLINE);
    const run = runScript(project);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `BarTempo: could not download Electron ${VERSION} (fetch failed): the first start needs the network to ` +
        "fetch Electron's binary from GitHub (or a mirror named by ELECTRON_MIRROR); connect and run " +
        '`npm start` again.\n',
    );
    expect(runScript(project, { npm_lifecycle_event: 'dev' }).stderr).toContain('run `npm run dev` again');
  });

  it('on a Node older than the installer wants: says which Node, does not try', () => {
    fakeElectron(INSTALLER_THAT_WORKS, '>= 99.1.0');
    const run = runScript(project);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      `BarTempo: Electron ${VERSION} is not downloaded yet, and its installer needs Node 99.1.0 or later ` +
        `(this is Node ${process.versions.node}): install Node 99.1.0+ and run \`npm start\` again ` +
        '(the bartempo CLI alone runs on Node 20.19+).\n',
    );
    expect(installerRan()).toBe(false);
  });

  it('an old Node is fine once the binary is there (the app runs on Electron’s own Node)', () => {
    fakeElectron(INSTALLER_THAT_WORKS, '>= 99.1.0');
    markInstalled({ version: VERSION, pathTxt: 'electron', binary: true });
    expect(runScript(project).code).toBe(0);
  });

  it('an installer that exits 0 without the binary is reported, not trusted', () => {
    fakeElectron(INSTALLER_THAT_LIES);
    const run = runScript(project);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^BarTempo: Electron's installer finished but .*dist[/\\]electron is missing: delete node_modules\/electron/,
    );
  });

  it('no node_modules/electron: asks for `npm install`', () => {
    expect(runScript(project)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'BarTempo: Electron is not installed (no node_modules/electron): run `npm install` first.\n',
    });
  });

  it('ELECTRON_EXEC_PATH (electron-vite uses it as is) must exist; then nothing else is checked', () => {
    const binary = join(project, 'my-electron');
    expect(runScript(project, { ELECTRON_EXEC_PATH: binary })).toMatchObject({
      code: 1,
      stderr: `BarTempo: ELECTRON_EXEC_PATH is ${binary}, which does not exist: fix it or unset it.\n`,
    });
    writeFileSync(binary, '');
    expect(runScript(project, { ELECTRON_EXEC_PATH: binary }).code).toBe(0);
  });

  it('a platform Electron has no build for: one line', () => {
    fakeElectron(INSTALLER_THAT_WORKS);
    expect(runScript(project, { ELECTRON_INSTALL_PLATFORM: 'aix' })).toMatchObject({
      code: 1,
      stderr: 'BarTempo: Electron has no build for this platform (aix).\n',
    });
  });

  it('the real installer (@electron/get) failing to download gives the same one line', async () => {
    // A copy of the real electron package whose engines accept this Node (its installer runs on Node 20
    // too); its dependencies resolve from this repo's node_modules through the symlinks.
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    cpSync(join(ROOT, 'node_modules/electron'), electronDir, { recursive: true, dereference: true });
    const pkg = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(electronDir, 'package.json'),
      JSON.stringify({ ...pkg, engines: { node: '>= 1.0.0' } }),
    );
    for (const dep of ['@electron', '@electron-internal']) {
      symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep));
    }
    const run = runScript(project, {
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
      electron_config_cache: join(project, 'cache'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^BarTempo: could not download Electron 45\.4\.1 \(fetch failed\): .*again\.\n$/,
    );
    expect(run.stderr).not.toMatch(/\n./); // one line: no stack trace
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
  });

  it('in this repo: ready, or the one-line reason (the Node one on Node < 22.12, the network one past it)', async () => {
    const electron = join(ROOT, 'node_modules/electron');
    const installed = existsSync(join(electron, 'path.txt'));
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const nodeOk = major > 22 || (major === 22 && minor >= 12);
    // The mirror is a closed port: this test never downloads 100 MB, even on a machine with network.
    const run = runScript(ROOT, {
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
      electron_config_cache: join(project, 'cache'),
      ELECTRON_INSTALL_PLATFORM: process.platform,
      ELECTRON_INSTALL_ARCH: process.arch,
    });
    if (installed) {
      expect(run.code).toBe(0);
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        nodeOk
          ? /^BarTempo: could not download Electron 45\.4\.1 \(fetch failed\)/
          : /^BarTempo: Electron 45\.4\.1 is not downloaded yet, and its installer needs Node 22\.12\.0 or later/,
      );
      expect(run.stderr).not.toMatch(/\n./);
    }
  });
});
