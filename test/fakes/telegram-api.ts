// A fake Telegram Bot API server on 127.0.0.1: getUpdates long polling fed by the test, the calls
// the bot makes recorded, files served for uploads, and failures (429) on demand.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

interface Waiter {
  offset: number;
  respond: (updates: unknown[]) => void;
  timer: NodeJS.Timeout;
}

export const BOT_USER = {
  id: 777000111,
  is_bot: true,
  first_name: 'News Bot',
  username: 'test_news_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
};

export class FakeTelegramApi {
  readonly calls: ApiCall[] = [];
  readonly files = new Map<string, { path: string; bytes: Uint8Array; reportedSize?: number }>();
  /** Bytes of each file path actually written to a downloader before it finished or hung up. */
  readonly servedBytes = new Map<string, number>();
  private readonly updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private waiters: Waiter[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private failures = new Map<string, Array<{ status: number; body: Record<string, unknown> }>>();
  private server: Server | undefined;
  token = '';
  root = '';

  async start(token: string): Promise<string> {
    this.token = token;
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.root = `http://127.0.0.1:${port}`;
    return this.root;
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.respond([]);
    }
    this.waiters = [];
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues an update for getUpdates; returns its update_id. */
  push(update: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++;
    this.updates.push({ update_id, ...update });
    for (const waiter of [...this.waiters]) this.deliver(waiter);
    return update_id;
  }

  /** Queues updates to be delivered together, as one getUpdates batch; returns their update_ids. */
  pushBatch(updates: Array<Record<string, unknown>>): number[] {
    const ids = updates.map((update) => {
      const update_id = this.nextUpdateId++;
      this.updates.push({ update_id, ...update });
      return update_id;
    });
    for (const waiter of [...this.waiters]) this.deliver(waiter);
    return ids;
  }

  /** The next `count` calls of `method` fail with this Telegram error. */
  failNext(method: string, count: number, status: number, body: Record<string, unknown>): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i += 1) list.push({ status, body: { ok: false, ...body } });
    this.failures.set(method, list);
  }

  /** Serves a file for getFile; `reportedSize` is the file_size getFile claims (default: the real one). */
  addFile(fileId: string, path: string, bytes: Uint8Array, reportedSize?: number): void {
    this.files.set(fileId, { path, bytes, ...(reportedSize !== undefined ? { reportedSize } : {}) });
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits for a call matching `predicate` made after `since` calls. */
  async waitFor(
    method: string,
    predicate: (payload: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 20_000,
    since = 0,
  ): Promise<ApiCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.slice(since).find((c) => c.method === method && predicate(c.payload));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.calls
          .slice(since)
          .map((c) => c.method)
          .join(', ');
        throw new Error(`no ${method} call matched within ${timeoutMs} ms (calls: ${seen})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private deliver(waiter: Waiter): void {
    const ready = this.updates.filter((u) => u.update_id >= waiter.offset);
    if (ready.length === 0) return;
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.respond(ready);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.root);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const file = [...this.files.values()].find((f) => f.path === decodeURIComponent(fileMatch[2] ?? ''));
      if (fileMatch[1] !== this.token || !file)
        return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      // In pieces, as long as the downloader reads, so a download given up half-way shows.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let served = 0;
      let closed = false;
      res.on('close', () => (closed = true));
      const piece = 64 * 1024;
      while (served < file.bytes.length && !closed) {
        const chunk = file.bytes.subarray(served, served + piece);
        served += chunk.length;
        this.servedBytes.set(file.path, served);
        if (!res.write(chunk)) {
          await new Promise<void>((resolve) => {
            const go = (): void => {
              res.off('drain', go);
              res.off('close', go);
              resolve();
            };
            res.on('drain', go);
            res.on('close', go);
          });
        }
      }
      res.end();
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] ?? '';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let payload: Record<string, unknown> = {};
    try {
      payload = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      payload = { raw };
    }
    this.calls.push({ method, payload, at: Date.now() });
    const failure = this.failures.get(method)?.shift();
    if (failure) return send(failure.status, failure.body);
    const ok = (result: unknown): void => send(200, { ok: true, result });
    const chat = (id: unknown) => ({ id, type: Number(id) < 0 ? 'supergroup' : 'private' });
    switch (method) {
      case 'getMe':
        return ok(BOT_USER);
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        const limit = Number(payload.limit ?? 100);
        if (limit === 1 && payload.timeout === undefined) return ok([]); // offset sync at shutdown
        const waiter: Waiter = {
          offset,
          respond: (updates) => ok(updates),
          timer: setTimeout(
            () => {
              this.waiters = this.waiters.filter((w) => w !== waiter);
              ok([]);
            },
            Math.min(Number(payload.timeout ?? 0), 2) * 1000,
          ),
        };
        this.waiters.push(waiter);
        req.on('close', () => {
          clearTimeout(waiter.timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
        });
        this.deliver(waiter);
        return;
      }
      case 'sendMessage':
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chat(payload.chat_id),
          from: BOT_USER,
          text: payload.text,
        });
      case 'editMessageText':
        return ok({
          message_id: payload.message_id,
          date: Math.floor(Date.now() / 1000),
          chat: chat(payload.chat_id),
          text: payload.text,
        });
      case 'getFile': {
        const file = this.files.get(String(payload.file_id));
        if (!file) return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok({
          file_id: payload.file_id,
          file_unique_id: String(payload.file_id),
          file_size: file.reportedSize ?? file.bytes.length,
          file_path: file.path,
        });
      }
      case 'sendChatAction':
      case 'answerInlineQuery':
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
        return ok(true);
      default:
        return send(404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
    }
  }
}

let messageCounter = 1;

export function privateText(
  userId: number,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const message_id = messageCounter++;
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
    : undefined;
  return {
    message: {
      message_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'User' },
      from: { id: userId, is_bot: false, first_name: 'User' },
      text,
      ...(entities ? { entities } : {}),
      ...extra,
    },
  };
}

export function groupText(
  chatId: number,
  userId: number,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const message_id = messageCounter++;
  const entities: Array<Record<string, unknown>> = [];
  if (text.startsWith('/')) entities.push({ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length });
  const mention = text.indexOf(`@${BOT_USER.username}`);
  if (mention >= 0 && !text.startsWith('/'))
    entities.push({ type: 'mention', offset: mention, length: BOT_USER.username.length + 1 });
  return {
    message: {
      message_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'supergroup', title: 'Investment watchers' },
      from: { id: userId, is_bot: false, first_name: 'Member' },
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...extra,
    },
  };
}
