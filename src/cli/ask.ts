// `npm run ask -- [--json] "question"`: answers one question from the index (building it if needed).
import { createAnswerer } from '../answer/answer-question.js';
import { formatAnswerPlain } from '../answer/format.js';
import { logFor } from '../log.js';
import { createLlm } from '../services.js';
import { FOLDER_OPTIONS, openOrBuildIndex, readCommandLine, reportFailure, startRuntime } from './runtime.js';

const USAGE = `Usage: npm run ask -- [--json] "your question"
  e.g. npm run ask -- "佳木斯一季度招商签约了多少个项目？"
       npm run ask -- --json "how much did Jiamusi sign in Q1?"
       npm run ask -- -- "-…"   (after a second --, the question may start with a dash)
  --json   print the answer object (status, text, citations) as JSON
  --docs DIR, --index DIR   override DOCS_DIR and INDEX_DIR
`;

async function main(): Promise<void> {
  const commandLine = readCommandLine({
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean' },
      ...FOLDER_OPTIONS,
    },
    allowPositionals: true,
  });
  if (!commandLine) return;
  const { values, positionals } = commandLine;
  const question = positionals.join(' ').trim();
  if (values.help || question === '') {
    process.stderr.write(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const runtime = await startRuntime({ docsDir: values.docs, indexDir: values.index });
  const index = await openOrBuildIndex(runtime);
  const llm = await createLlm(runtime.config);
  const answerer = createAnswerer({
    index: () => index,
    embedder: runtime.embedder,
    llm,
    log: logFor(runtime.log, 'answer'),
  });
  const answer = await answerer.answer(question);
  process.stdout.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${formatAnswerPlain(answer)}\n`);
}

main().catch(reportFailure);
