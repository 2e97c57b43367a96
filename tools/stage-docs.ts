// One folder of links to every article of several folders, so that one index (and one run of a tool)
// covers them all.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listFiles } from '../src/ingestion/load.js';

export interface StagedDocs {
  dir: string;
  /** Removes the staging folder (nothing when a single folder was used as it is). */
  cleanup: () => Promise<void>;
}

/** A single folder is used as it is; several are linked into a temporary folder. */
export async function stageDocs(dirs: readonly string[]): Promise<StagedDocs> {
  if (dirs.length === 1) return { dir: path.resolve(dirs[0] ?? '.'), cleanup: () => Promise.resolve() };
  const staging = await mkdtemp(path.join(os.tmpdir(), 'news-bot-docs-'));
  for (const dir of dirs) {
    for (const file of await listFiles(path.resolve(dir))) {
      const relative = path.relative(path.resolve(dir), file);
      const target = path.join(staging, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(file, target).catch(() => undefined); // same name in two folders: the first wins
    }
  }
  return { dir: staging, cleanup: () => rm(staging, { recursive: true, force: true }) };
}
