// `npm run chat`: a terminal conversation with the same answers as Telegram. Type a question per
// line; /new starts a new conversation; /quit (or Ctrl-D) ends it.
import { createInterface } from 'node:readline/promises';
import { createAnswerer } from '../answer/answer-question.js';
import { formatAnswerPlain } from '../answer/format.js';
import { logFor } from '../log.js';
import { createLlm } from '../services.js';
import { FOLDER_OPTIONS, openOrBuildIndex, readCommandLine, reportFailure, startRuntime } from './runtime.js';

async function main(): Promise<void> {
  const commandLine = readCommandLine({ options: FOLDER_OPTIONS });
  if (!commandLine) return;
  const { values } = commandLine;
  const runtime = await startRuntime({ docsDir: values.docs, indexDir: values.index });
  const index = await openOrBuildIndex(runtime);
  const answerer = createAnswerer({
    index: () => index,
    embedder: runtime.embedder,
    llm: await createLlm(runtime.config),
    log: logFor(runtime.log, 'answer'),
  });
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const articles = index.manifest.counts.articles;
  const help = 'Follow-ups work; /new starts over, /quit leaves.';
  process.stdout.write(`Ask about the ${articles} indexed articles (Chinese or English). ${help}\n`);
  terminal.setPrompt('> ');
  terminal.prompt();
  for await (const line of terminal) {
    const question = line.trim();
    if (question === '/quit' || question === '/exit') break;
    if (question === '/new') {
      answerer.forget('terminal');
      process.stdout.write('New conversation. 重新开始。\n\n');
    } else if (question !== '') {
      const answer = await answerer.answer(question, { conversation: 'terminal' });
      process.stdout.write(`${formatAnswerPlain(answer)}\n\n`);
    }
    terminal.prompt();
  }
  terminal.close();
}

main().catch(reportFailure);
