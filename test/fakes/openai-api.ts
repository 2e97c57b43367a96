// A fake OpenAI-compatible server on 127.0.0.1: /v1/chat/completions (streaming and not) replying
// from a script, and /v1/embeddings; every request is recorded.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { content: string; chunkDelayMs?: number }
  | { status: number; body?: unknown }
  | { hang: true }
  | { garbage: string };

export interface RecordedRequest {
  path: string;
  body: { model?: string; stream?: boolean; messages?: Array<{ role: string; content: string }>; input?: unknown };
  headers: Record<string, string | string[] | undefined>;
}

export class FakeOpenAiApi {
  readonly requests: RecordedRequest[] = [];
  readonly script: Reply[] = [];
  /** Reply used when the script is empty. */
  fallback: (request: RecordedRequest) => Reply = () => ({ content: 'OK' });
  private server: Server | undefined;
  baseUrl = '';

  /** `dimensions`: length of the vectors /v1/embeddings returns (64 keeps tests light). */
  constructor(private readonly dimensions = 64) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: RecordedRequest['body'] = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
        } catch {
          body = {};
        }
        const request: RecordedRequest = { path: req.url ?? '', body, headers: req.headers };
        this.requests.push(request);
        if (req.url?.endsWith('/embeddings')) {
          const inputs = Array.isArray(body.input) ? body.input : [body.input];
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              object: 'list',
              model: body.model,
              data: inputs.map((input, index) => ({
                object: 'embedding',
                index,
                embedding: embed(String(input), this.dimensions),
              })),
              usage: { prompt_tokens: 1, total_tokens: 1 },
            }),
          );
          return;
        }
        const reply = this.script.shift() ?? this.fallback(request);
        void this.respond(reply, body.stream === true, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  private async respond(reply: Reply, stream: boolean, res: ServerResponse): Promise<void> {
    if ('hang' in reply) return; // never answers: the client must time out
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body ?? { error: { message: 'server error', type: 'server_error' } }));
      return;
    }
    if ('garbage' in reply) {
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      res.end(reply.garbage);
      return;
    }
    const id = `chatcmpl-${this.requests.length}`;
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: 0,
          model: 'fake',
          choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const pieces = [...reply.content.matchAll(/[\s\S]{1,6}/g)].map((m) => m[0]);
    const send = (delta: Record<string, unknown>, finish: string | null) => {
      const choices = [{ index: 0, delta, finish_reason: finish }];
      const chunk = { id, object: 'chat.completion.chunk', created: 0, model: 'fake', choices };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    };
    send({ role: 'assistant', content: '' }, null);
    for (const piece of pieces) {
      if (reply.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.chunkDelayMs));
      send({ content: piece }, null);
    }
    send({}, 'stop');
    res.end('data: [DONE]\n\n');
  }
}

/** A deterministic 64-d embedding of character bigrams. */
function embed(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const chars = [...text];
  for (let i = 0; i < chars.length; i += 1) {
    let hash = 2166136261;
    for (const c of (chars[i] ?? '') + (chars[i + 1] ?? '')) hash = Math.imul(hash ^ c.codePointAt(0)!, 16777619);
    vector[Math.abs(hash) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}
