// `npm run ingest [-- --docs DIR --index DIR]`: (re)builds the index from DOCS_DIR and prints a summary.
import { buildIndex } from '../vector-store/index-store.js';
import { logFor } from '../log.js';
import { parseArgs, reportFailure, startRuntime, terminalProgress } from './runtime.js';

async function main(): Promise<void> {
  const { values } = parseArgs(process.argv.slice(2), ['docs', 'index']);
  const runtime = await startRuntime({ docsDir: values.docs, indexDir: values.index });
  const { counts, seconds } = await buildIndex({
    docsDir: runtime.config.docsDir,
    indexDir: runtime.config.indexDir,
    embedder: runtime.embedder,
    log: logFor(runtime.log, 'vector-store'),
    onProgress: terminalProgress(),
  });
  process.stdout.write(
    `Indexed ${counts.articles} articles into ${counts.chunks} chunks: ` +
      `${counts.embedded} embedded, ${counts.reused} reused from cache, ${counts.skipped} files skipped, ` +
      `${seconds.toFixed(1)} s.\n`,
  );
}

main().catch(reportFailure);
