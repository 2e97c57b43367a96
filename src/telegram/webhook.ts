// The webhook server: Telegram POSTs each update to WEBHOOK_URL's path. Only requests carrying the
// secret Telegram was given are read, bodies are capped, and only an object with a numeric update_id
// is taken as an update; it is queued and answered with 200 at once, so a slow or failing handler
// never holds or breaks the request (and nothing an outsider sends reaches telegraf's internals).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';
import type { Logger } from '../log.js';

/** Largest request body read, in bytes (Telegram's updates are a few kilobytes). */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Bytes of an oversized body still read (and dropped) so the sender gets its 413 rather than a
 * broken connection; past this the connection is simply closed.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** Header in which Telegram sends back the secret given to setWebhook. */
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookServerOptions {
  port: number;
  /** Address to listen on. Default: every interface. */
  host?: string;
  /** The path Telegram posts to, e.g. `/telegram`. */
  path: string;
  /** The secret_token given to setWebhook; requests without it are refused. */
  secret: string;
  /** Largest body accepted, in bytes. Default MAX_WEBHOOK_BODY_BYTES (1 MB). */
  maxBodyBytes?: number;
  /** Takes an update to handle later; false when too many are waiting (503, Telegram retries). */
  accept: (update: Update) => boolean;
  log: Logger;
}

/** Whether a parsed body is an update: an object with a whole update_id, every other field an object. */
export function isUpdate(body: unknown): body is Update {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { update_id: id, ...rest } = body as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return false;
  return Object.values(rest).every((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares in constant time (over digests, so the secret's length does not show either). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The body as text, or undefined when it is over `limit` bytes: nothing past the limit is kept, the
 * rest is read and dropped, and a body past DRAIN_LIMIT_BYTES is cut off.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > DRAIN_LIMIT_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > DRAIN_LIMIT_BYTES) return undefined;
    if (length <= limit) chunks.push(chunk);
  }
  return length > limit ? undefined : Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain', ...(close ? { connection: 'close' } : {}) });
  res.end();
}

async function serve(req: IncomingMessage, res: ServerResponse, options: WebhookServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== options.path) return reply(res, 404);
  if (req.method !== 'POST') return reply(res, 405);
  const secret = req.headers[SECRET_HEADER];
  if (typeof secret !== 'string') return reply(res, 401);
  if (!sameSecret(secret, options.secret)) return reply(res, 403);
  const body = await readBody(req, options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES);
  if (body === undefined) {
    options.log.warn({ path }, 'webhook request body too large; refused');
    reply(res, 413, true);
    if (!req.complete) req.destroy();
    return;
  }
  let update: unknown;
  try {
    update = JSON.parse(body);
  } catch {
    return reply(res, 400);
  }
  if (!isUpdate(update)) {
    options.log.warn('webhook request is not an update; refused');
    return reply(res, 400);
  }
  reply(res, options.accept(update) ? 200 : 503);
}

/** Starts the webhook server; resolves once it listens. */
export async function startWebhookServer(options: WebhookServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    serve(req, res, options).catch((error: unknown) => {
      // A dropped connection or a bug here must cost this request only, never the process.
      options.log.warn(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        'webhook request failed',
      );
      reply(res, 500, true);
    });
  });
  // Slow senders do not hold connections open for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
