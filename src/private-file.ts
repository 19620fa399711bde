/**
 * Files and directories only this user can read, never reached through a symlink. A symlink planted
 * at data/logs/ID.log or at a diary's path would otherwise make workblock append command output or
 * block text to whatever file it points at (a shell profile, an authorized_keys file).
 */
import fs from 'node:fs';

/** A path workblock refuses to write through; the message names the path and what to do. */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

const { O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK, O_RDWR, O_WRONLY } = fs.constants;

/**
 * Opens `file` for appending (and reading, with `read`), created 0600 if missing (with `create`, the
 * default; without it a missing file throws ENOENT, and the open of an existing one does not take the
 * directory's lock the way a create does). O_NOFOLLOW makes the kernel refuse a symlink at the last
 * component (ELOOP) with no window between check and open;
 * O_NONBLOCK keeps a planted FIFO from hanging the open; anything but a regular file is refused.
 * An existing file readable by others is tightened to 0600.
 */
export function openPrivateFile(file: string, { read = false, create = true } = {}): number {
  let fd: number;
  try {
    fd = fs.openSync(file, (read ? O_RDWR : O_WRONLY) | O_APPEND | (create ? O_CREAT : 0) | O_NOFOLLOW | O_NONBLOCK, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new UnsafePathError(`refusing to write ${file}: it is a symbolic link (remove it; workblock never writes through one)`);
    if (code === 'ENXIO') throw new UnsafePathError(`refusing to write ${file}: it is not a regular file (remove it)`);
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UnsafePathError(`refusing to write ${file}: it is not a regular file (remove it)`);
    if (stat.mode & 0o077) fs.fchmodSync(fd, 0o600);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return fd;
}

/** Directories already checked by this process: the check runs once per execute, not per command. */
const checkedDirs = new Set<string>();

/**
 * Makes sure `dir` is a real directory (not a symlink) that only this user can enter: created 0700
 * when missing; an existing one open to group or others (say 0777) is tightened to 0700, since the
 * files in it are only as private as the directory lets them be.
 */
export function ensurePrivateDir(dir: string): void {
  if (checkedDirs.has(dir)) return;
  let stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    stat = fs.lstatSync(dir);
  }
  if (stat.isSymbolicLink()) throw new UnsafePathError(`refusing to write into ${dir}: it is a symbolic link (replace it with a directory)`);
  if (!stat.isDirectory()) throw new UnsafePathError(`refusing to write into ${dir}: it is not a directory (remove it)`);
  if (stat.mode & 0o077) fs.chmodSync(dir, 0o700);
  checkedDirs.add(dir);
}

/**
 * Removes a file if it is there. (fs.rmSync stats the path before it unlinks: a syscall more for
 * each command's start token and empty stderr file.)
 */
export function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
