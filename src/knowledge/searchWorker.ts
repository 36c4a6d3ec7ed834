/*
 * The search thread: its own copy of the index, answering the event loop's requests one at a time.
 * Started by ThreadFaqSearch; never imported by the rest of the app.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { FaqEngine } from './faqEngine';
import { toWire, toWireResult } from './faqSearch';
import { knowledgeBaseSchema } from './schema';
import type { SearchReply, SearchRequest } from './searchThread';
import { synonymsSchema } from './text';

const init = z.object({ entries: knowledgeBaseSchema, synonyms: synonymsSchema }).parse(workerData);
const engine = new FaqEngine(init.entries, init.synonyms);
const port = parentPort;
if (!port) throw new Error('searchWorker runs only as a worker thread');

function handle(request: SearchRequest): SearchReply {
  switch (request.op) {
    case 'ask':
      return { id: request.id, op: 'ask', result: toWireResult(engine.ask(request.text, request.locale)) };
    case 'rank':
      return {
        id: request.id,
        op: 'rank',
        result: engine.index.rank(request.text, request.language, request.limit).map(toWire),
      };
  }
}

port.on('message', (request: SearchRequest) => {
  let reply: SearchReply;
  try {
    reply = handle(request);
  } catch (err) {
    reply = { id: request.id, op: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ op: 'ready' } satisfies SearchReply);
