// The worker thread of `buildVocabularyApart`: collects the names of the texts it is given, answers
// once, and ends.
import { workerData } from 'node:worker_threads';
import { replyOnce } from '../worker-thread.js';
import { buildVocabulary } from './vocabulary.js';

replyOnce(() => Promise.resolve(buildVocabulary(workerData as string[])));
