// `npm run chat`: a terminal conversation with the same answers as Telegram. Type a question per
// line; /quit (or Ctrl-D) ends it.
import { createInterface } from 'node:readline/promises';
import { createAnswerer } from '../answer/answer-question.js';
import { formatAnswerPlain } from '../answer/format.js';
import { logFor } from '../log.js';
import { openOrBuildIndex, parseArgs, reportFailure, startRuntime } from './runtime.js';

async function main(): Promise<void> {
  const { values } = parseArgs(process.argv.slice(2), ['docs', 'index']);
  const runtime = await startRuntime({ docsDir: values.docs, indexDir: values.index });
  const index = await openOrBuildIndex(runtime);
  const answerer = createAnswerer({ index: () => index, embedder: runtime.embedder, log: logFor(runtime.log, 'answer') });
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  process.stdout.write(
    `Ask about the ${index.manifest.counts.articles} indexed articles (Chinese or English). /quit to leave.\n`,
  );
  terminal.setPrompt('> ');
  terminal.prompt();
  for await (const line of terminal) {
    const question = line.trim();
    if (question === '/quit' || question === '/exit') break;
    if (question !== '') {
      const answer = await answerer.answer(question);
      process.stdout.write(`${formatAnswerPlain(answer)}\n\n`);
    }
    terminal.prompt();
  }
  terminal.close();
}

main().catch(reportFailure);
