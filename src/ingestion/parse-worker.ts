// The worker thread that reads article files (decode → parse → clean → prose check) apart from the
// main thread, so a pathological file cannot hold up the bot's event loop. Started by parser-thread.ts.
import { parentPort } from 'node:worker_threads';
import { decodeArticleBytes } from './decode.js';
import { parseArticle } from './parse.js';
import type { ParseRequest, ParseResponse } from './parser-thread.js';

parentPort?.on('message', (request: ParseRequest) => {
  let response: ParseResponse;
  try {
    const decoded = decodeArticleBytes(request.bytes);
    response = decoded.ok
      ? { id: request.id, outcome: parseArticle(request.file, decoded.text) }
      : { id: request.id, outcome: { ok: false, reason: decoded.reason } };
  } catch (error) {
    response = { id: request.id, outcome: { ok: false, reason: `could not be read: ${(error as Error).message}` } };
  }
  parentPort?.postMessage(response);
});
// Loading this module (and tsx before it) is not the file's time: the budget starts from here.
parentPort?.postMessage('ready');
