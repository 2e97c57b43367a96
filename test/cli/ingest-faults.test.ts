// `npm run ingest` as a process against what goes wrong: an index folder it may not write (one line
// with a hint, exit 1), and article files it cannot use (listed with their reasons after the summary).
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturesDir, makeTempDir, MODEL_MISSING, modelsDir, runScript, seedsDir, type ScriptRun } from '../helpers.js';

/** The unprivileged user a root test runner drops to: root writes through any folder mode. */
const NOBODY = 65534;

function runIngest(env: Record<string, string>, asNobody = false): Promise<ScriptRun> {
  const asRoot = asNobody && process.getuid?.() === 0;
  const user = asRoot ? { uid: NOBODY, gid: NOBODY } : undefined;
  return runScript(path.join('src', 'cli', 'ingest.ts'), [], env, undefined, user);
}

describe('npm run ingest on a folder it may not write', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
    await chmod(temp.dir, 0o555);
  });
  afterEach(async () => {
    await chmod(temp.dir, 0o755);
    await temp.remove();
  });

  it('prints one line naming the folder, with a hint, and exits 1', async () => {
    const indexDir = path.join(temp.dir, 'index');
    // The local model is loaded only when something is embedded, which a refused build never reaches.
    const run = await runIngest({ DOCS_DIR: seedsDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent' }, true);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `Error: creating the index folder ${indexDir} failed: permission denied (EACCES). ` +
        'Give this user write access to that folder, or point INDEX_DIR (or --index) elsewhere.\n',
    );
  });
});

describe.skipIf(!modelsDir)(`npm run ingest over bad files (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  it('lists each skipped file with its reason after the summary', async () => {
    const run = await runIngest({
      DOCS_DIR: path.join(fixturesDir, 'broken'),
      INDEX_DIR: path.join(temp.dir, 'index'),
      MODELS_DIR: modelsDir ?? '',
      LOG_LEVEL: 'silent',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Indexed 1 articles into \d+ chunks: \d+ embedded, 0 reused from cache, 3 files skipped/,
    );
    expect(run.stdout).toContain(
      [
        'Skipped 3 file(s):',
        '  binary.txt: the file is binary, not text',
        '  empty.txt: the file is empty',
        '  slides.pdf: unsupported file type ".pdf"',
      ].join('\n'),
    );
  });
});
