'use strict';
// Where the V8 code caches of the bundles live: per user and per Node build, under
// $XDG_CACHE_HOME/workblock/ (default ~/.cache/workblock), never inside the package, so that a
// read-only or shared install works and a cache built by one Node is never offered to another.
// A cache is executable input to V8, so it is only read from, and written to, directories this user
// owns that nobody else can write, and never through a symbolic link. Anything unusual (no home, a
// read-only disk, a foreign directory) means running uncached: slower by a few ms, never wrong.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { O_RDONLY, O_NOFOLLOW } = fs.constants;
const uid = typeof process.getuid === 'function' ? process.getuid() : -1;

/** The base cache directory by the XDG rules (a relative $XDG_CACHE_HOME is ignored), or null. */
function cacheBase() {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  const home = process.env.HOME || os.homedir();
  return home && path.isAbsolute(home) ? path.join(home, '.cache') : null;
}

/** workblock's directories under the base: the top one and the one for this Node build. */
function cacheDirs() {
  const base = cacheBase();
  if (!base) return null;
  const top = path.join(base, 'workblock');
  return { base, top, build: path.join(top, `node-${process.version}-${process.arch}`) };
}

/** A real directory (not a link) of this user's that group and others cannot write. */
function isPrivateDir(dir) {
  let st;
  try {
    st = fs.lstatSync(dir);
  } catch (e) {
    if (typeof e.code === 'string') return false; // absent, or under a file (ENOTDIR)
    throw e;
  }
  return !!st && st.isDirectory() && (uid === -1 || st.uid === uid) && (st.mode & 0o022) === 0;
}

/** FNV-1a: a short, dependency-free name for the install a bundle belongs to. */
function hashText(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The cache's file for a bundle: named by the install (its path), so two installs do not evict each
 * other, then by the build (size and mtime), so an upgrade replaces the install's cache.
 */
function cacheName(bundleFile) {
  const st = fs.statSync(bundleFile);
  const install = `${path.basename(bundleFile)}.${hashText(path.dirname(bundleFile))}.`;
  return { install, file: `${install}${st.size}-${Math.trunc(st.mtimeMs)}.cache` };
}

/** Reads the cache for a bundle; undefined when there is none that can be trusted. */
function readCache(bundleFile) {
  const dirs = cacheDirs();
  if (!dirs || !isPrivateDir(dirs.top) || !isPrivateDir(dirs.build)) return undefined;
  const file = path.join(dirs.build, cacheName(bundleFile).file);
  let fd;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW);
  } catch (e) {
    if (typeof e.code === 'string') return undefined; // absent, or a link (ELOOP): run uncached
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    const trusted = st.isFile() && (uid === -1 || st.uid === uid) && (st.mode & 0o022) === 0;
    return trusted ? fs.readFileSync(fd) : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates one directory 0700 unless it exists, then checks it is private. */
function ensurePrivateDir(dir) {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  if (!isPrivateDir(dir)) throw Object.assign(new Error(`${dir} is not a private directory`), { code: 'EUNSAFE' });
}

/**
 * Writes a cache 0600 through a new file (O_EXCL: never through a link) renamed into place, so that
 * a process starting meanwhile never reads half a file; the install's caches of older builds go.
 */
function writeCache(bundleFile, bytes) {
  const dirs = cacheDirs();
  if (!dirs) return;
  let temp = null;
  try {
    fs.mkdirSync(dirs.base, { recursive: true, mode: 0o700 });
    ensurePrivateDir(dirs.top);
    ensurePrivateDir(dirs.build);
    const name = cacheName(bundleFile);
    const file = path.join(dirs.build, name.file);
    temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, bytes(), { flag: 'wx', mode: 0o600 });
    fs.renameSync(temp, file);
    temp = null;
    for (const old of fs.readdirSync(dirs.build)) {
      if (old.startsWith(name.install) && old.endsWith('.cache') && old !== name.file) fs.rmSync(path.join(dirs.build, old), { force: true });
    }
  } catch (e) {
    if (temp) fs.rmSync(temp, { force: true });
    // The command's work is done: a cache that cannot be written (read-only, full, foreign) only costs speed.
    if (typeof e.code !== 'string') throw e;
  }
}

module.exports = { readCache, writeCache, cacheDirs };
