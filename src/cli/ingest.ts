// `npm run ingest [-- --docs DIR --index DIR]`: (re)builds the index from DOCS_DIR and prints a summary.
import { buildIndex } from '../library/build.js';
import { logFor } from '../log.js';
import { renderMessage } from '../messages.js';
import { FOLDER_OPTIONS, readCommandLine, reportFailure, startRuntime, terminalProgress } from './runtime.js';

async function main(): Promise<void> {
  const commandLine = readCommandLine({ options: FOLDER_OPTIONS });
  if (!commandLine) return;
  const { values } = commandLine;
  const runtime = await startRuntime({ docsDir: values.docs, indexDir: values.index });
  const { counts, seconds, index } = await buildIndex({
    docsDir: runtime.config.docsDir,
    store: runtime.store,
    embedder: runtime.embedder,
    log: logFor(runtime.log, 'library'),
    onProgress: terminalProgress(),
  });
  process.stdout.write(
    `Indexed ${counts.articles} articles into ${counts.chunks} chunks: ` +
      `${counts.embedded} embedded, ${counts.reused} reused from cache, ${counts.skipped} files skipped, ` +
      `${seconds.toFixed(1)} s.\n`,
  );
  if (index.manifest.skipped.length > 0)
    process.stdout.write(`${renderMessage('skippedFiles', index.manifest.skipped)}\n`);
}

main().catch(reportFailure);
