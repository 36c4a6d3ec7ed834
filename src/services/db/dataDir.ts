import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A start-up problem the operator must fix; index.ts prints its message alone, without a stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

const reasons: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'it is a file, not a directory',
  ENOSPC: 'the disk is full',
};

function unusable(variable: string, dir: string, error: unknown): StartupError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const why = reasons[code] ?? (error instanceof Error ? error.message : String(error));
  return new StartupError(
    `${variable} (${dir}) is not usable: ${why}. Point ${variable} at a directory this process can write to.`,
  );
}

/**
 * Creates `dir` if needed and proves it writable by creating and removing a file in it, so a bad
 * DATA_DIR stops start-up with its name instead of failing later inside PGlite or the feedback log.
 */
export async function ensureWritableDir(dir: string, variable = 'DATA_DIR'): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'EEXIST' });
    const probe = path.join(dir, `.write-test-${process.pid}-${randomUUID()}`);
    const handle = await open(probe, 'wx');
    await handle.close();
    await rm(probe, { force: true });
  } catch (error) {
    throw unusable(variable, dir, error);
  }
}

export interface DirLock {
  release(): Promise<void>;
}

/** Whether a process with this id runs (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file this young with no pid yet is being written by its owner, not left by a crash. */
const WRITING_GRACE_MS = 10_000;

/**
 * Takes `<dir>.lock` (beside the directory, not inside PGlite's files) for this process: PGlite has no
 * multi-process locking, and two processes writing one data directory corrupt it. The file is created
 * exclusively and holds the owner's pid; a lock whose pid is dead, or is this very pid (a container
 * restarted under the same pid), is stale and taken over.
 */
export async function lockDir(dir: string, variable = 'DATA_DIR'): Promise<DirLock> {
  const file = `${dir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(variable, dir, error);
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    const fresh = (await stat(file).catch(() => undefined))?.mtimeMs ?? 0;
    const writing = !(owner > 0) && Date.now() - fresh < WRITING_GRACE_MS;
    if (writing || (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))) {
      throw new StartupError(
        `${variable} (${dir}) is in use by another process${writing ? '' : ` (pid ${owner})`}: ` +
          'one embedded database serves one process. ' +
          `Stop that process, or give this one its own ${variable} (or a DATABASE_URL).`,
      );
    }
    // Stale (dead owner, or an old empty file from a crash mid-write): remove it and try once more.
    await rm(file, { force: true });
  }
  throw new StartupError(
    `${variable} (${dir}): could not take the lock file ${file}; another process keeps taking it.`,
  );
}
