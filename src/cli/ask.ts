// `npm run ask -- [--json] "question"`: answers one question from the index (building it if needed).
import { createAnswerer } from '../answer/answer-question.js';
import { formatAnswerPlain } from '../answer/format.js';
import { logFor } from '../log.js';
import { createLlm, openOrBuildIndex, parseArgs, reportFailure, startRuntime } from './runtime.js';

const USAGE = `Usage: npm run ask -- [--json] "your question"
  e.g. npm run ask -- "佳木斯一季度招商签约了多少个项目？"
       npm run ask -- --json "how much did Jiamusi sign in Q1?"
  --json   print the answer object (status, text, citations) as JSON
  --docs DIR, --index DIR   override DOCS_DIR and INDEX_DIR
`;

async function main(): Promise<void> {
  const { values, on, positional } = parseArgs(process.argv.slice(2), ['docs', 'index'], ['json', 'help']);
  const question = positional.join(' ').trim();
  if (on.has('help') || question === '') {
    process.stderr.write(USAGE);
    process.exitCode = on.has('help') ? 0 : 2;
    return;
  }
  const runtime = await startRuntime({ docsDir: values.docs, indexDir: values.index });
  const index = await openOrBuildIndex(runtime);
  const answerer = createAnswerer({ index: () => index, embedder: runtime.embedder, llm: await createLlm(runtime.config), log: logFor(runtime.log, 'answer') });
  const answer = await answerer.answer(question);
  process.stdout.write(on.has('json') ? `${JSON.stringify(answer, null, 2)}\n` : `${formatAnswerPlain(answer)}\n`);
}

main().catch(reportFailure);
