// The command-line tools spawned as processes, as a user runs them.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, MODEL_MISSING, modelsDir, runScript, seedsDir, type ScriptRun } from '../helpers.js';

/** Runs `src/cli/<script>` (or `src/<script>` when it has a slash) as a process with a clean environment. */
function runCli(script: string, args: string[], env: Record<string, string>, input?: string): Promise<ScriptRun> {
  const entry = script.includes('/') ? path.join('src', script) : path.join('src', 'cli', script);
  return runScript(entry, args, env, input);
}

describe.skipIf(!modelsDir)(`the CLI (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    temp = await makeTempDir();
    env = { DOCS_DIR: seedsDir, INDEX_DIR: path.join(temp.dir, 'index'), MODELS_DIR: modelsDir ?? '' };
  });
  afterAll(() => temp.remove());

  it('answers a question, building the index first when there is none', async () => {
    const run = await runCli('ask.ts', ['佳木斯一季度招商签约了多少个项目？投资总额多少？'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('30.97亿元');
    expect(run.stdout).toContain('11个项目');
    expect(run.stdout).toMatch(/\[1\] 明晰招商轨迹 吸引大项目落地 — 黑龙江日报, 2022-03-28/);
    expect(run.stdout).toContain('http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203282324190587');
    expect(run.stderr).toMatch(/Built the index: 2 articles/);
  });

  it('prints the answer object as JSON on stdout with logs on stderr only', async () => {
    const run = await runCli('ask.ts', ['--json', 'how much did Jiamusi sign in Q1?'], env);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as {
      status: string;
      text: string;
      citations: Array<Record<string, unknown>>;
    };
    expect(answer.status).toBe('answered');
    expect(answer.text).toContain('30.97');
    expect(answer.citations[0]).toMatchObject({
      n: 1,
      title: '明晰招商轨迹 吸引大项目落地',
      publisher: '黑龙江日报',
      date: '2022-03-28',
      url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203282324190587',
      file: '001_be753a4b79a1e782.txt',
    });
    expect(String(answer.citations[0]?.passage)).toContain('30.97亿元');
  });

  it('takes a question that starts with a dash after a second --, its words joined into one question', async () => {
    const run = await runCli('ask.ts', ['--json', '--', '-how', 'much did Jiamusi sign in Q1?'], env);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { status: string; text: string };
    expect(answer.status).toBe('answered');
    expect(answer.text).toContain('30.97');
  });

  it('says when the articles do not cover a question', async () => {
    const run = await runCli('ask.ts', ['大庆市2021年招商引资签约金额是多少？'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/没有找到/);
    expect(run.stdout).not.toMatch(/\[1\]/);
  });

  it('prints usage for an empty question', async () => {
    const run = await runCli('ask.ts', ['  '], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: npm run ask/);
    expect(run.stdout).toBe('');
  });

  it('reports a missing DOCS_DIR as one clear error', async () => {
    const run = await runCli('ask.ts', ['问题'], {
      ...env,
      DOCS_DIR: path.join(temp.dir, 'missing'),
      INDEX_DIR: path.join(temp.dir, 'other-index'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^Error: DOCS_DIR ".*missing" does not exist or is not a folder\. Set DOCS_DIR/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lists every bad setting at once', async () => {
    const run = await runCli('ask.ts', ['问题'], { ...env, EMBEDDINGS_PROVIDER: 'magic', LOG_LEVEL: 'loud' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/EMBEDDINGS_PROVIDER/);
    expect(run.stderr).toMatch(/LOG_LEVEL/);
  });

  it('re-indexes with a summary, reusing every embedding when nothing changed', async () => {
    const run = await runCli('ingest.ts', [], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Indexed 2 articles into \d+ chunks: 0 embedded, \d+ reused from cache, 0 files skipped, [\d.]+ s\./,
    );
  });

  it('holds a terminal conversation with the same answers', async () => {
    const run = await runCli('chat.ts', [], env, '齐齐哈尔云上签约的项目投资总额是多少？\n\n/quit\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Ask about the 2 indexed articles/);
    expect(run.stdout).toContain('172亿元');
    expect(run.stdout).toContain('[1] 齐齐哈尔市招商引资工作按下“快进键” — 齐齐哈尔新闻网, 2020-03-30');
  });
});

describe('a command line a command cannot read', () => {
  it.each([
    ['ask.ts', ['--jsn', 'a question'], "Unknown option '--jsn'"],
    ['ask.ts', ['a question', '--index'], "Option '--index <value>' argument missing"],
    ['ingest.ts', ['--doc', 'seeds'], "Unknown option '--doc'"],
    ['ingest.ts', ['seeds'], "Unexpected argument 'seeds'"],
    ['chat.ts', ['--docs', '--index', 'x'], "Option '--docs' argument is ambiguous"],
  ])('%s %j: one line on stderr and exit code 2, before any work', async (script, args, message) => {
    const run = await runCli(script, args, {});
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(`Error: ${message}`)).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});

describe('npm start without a token', () => {
  it('exits with a message saying how to get one and that npm run chat works without Telegram', async () => {
    const run = await runCli('./main.ts', [], { TELEGRAM_BOT_TOKEN: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TELEGRAM_BOT_TOKEN is not set/);
    expect(run.stderr).toMatch(/@BotFather/);
    expect(run.stderr).toMatch(/npm run chat/);
  });
});

describe.skipIf(!modelsDir)(`the CLI with an LLM configured (${modelsDir ? 'real model' : MODEL_MISSING})`, () => {
  it('uses the LLM, and on failure prints the extractive answer with a note and never the API key', async () => {
    const { FakeOpenAiApi } = await import('../fakes/openai-api.js');
    const api = new FakeOpenAiApi();
    const temp = await makeTempDir();
    try {
      const baseUrl = await api.start();
      const env = {
        DOCS_DIR: seedsDir,
        INDEX_DIR: path.join(temp.dir, 'index'),
        MODELS_DIR: modelsDir ?? '',
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: baseUrl,
        LLM_API_KEY: 'sk-cli-SECRET-0123456789',
        LLM_MODEL: 'fake-model',
        LOG_LEVEL: 'debug',
      };
      api.script.push({ content: '齐齐哈尔云上签约项目投资总额达172亿元，位列全省第一。[1]' });
      const ok = await runCli('ask.ts', ['齐齐哈尔云上签约的项目投资总额是多少？'], env);
      expect(ok.stdout).toContain('齐齐哈尔云上签约项目投资总额达172亿元，位列全省第一。[1]');
      expect(api.chatRequests()[0]?.headers.authorization).toBe('Bearer sk-cli-SECRET-0123456789');
      api.fallback = () => ({ status: 500 });
      const failed = await runCli('ask.ts', ['齐齐哈尔云上签约的项目投资总额是多少？'], env);
      expect(failed.code).toBe(0);
      expect(failed.stdout).toContain('生成式回答暂不可用');
      expect(failed.stdout).toContain('172亿元');
      expect(failed.stderr).toMatch(/LLM answer failed/);
      expect(failed.stdout + failed.stderr + ok.stderr).not.toContain('sk-cli-SECRET-0123456789');
    } finally {
      await api.stop();
      await temp.remove();
    }
  });
});
