// The tools' command lines, spawned as processes: a flag they do not know is an error, not ignored.
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers.js';

describe('a tool given a command line it cannot read', () => {
  it.each([
    ['tools/eval/eval.ts', ['--docs', 'seeds', '--qa', 'x.jsonl', '--basline'], "Unknown option '--basline'"],
    ['tools/bench/bench.ts', ['--vector', '0'], "Unknown option '--vector'"],
    ['tools/bench/bench.ts', ['--docs'], "Option '--docs <value>' argument missing"],
    ['tools/bench/scale.ts', ['--chunk', '1000'], "Unknown option '--chunk'"],
    ['tools/bench/telegram.ts', ['--fast'], "Unknown option '--fast'"],
  ])('%s %j: one line on stderr and exit code 2, before any work', async (entry, args, message) => {
    const run = await runScript(entry, args, {});
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(`Error: ${message}`)).toBe(true);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('eval without --docs or --qa prints its usage and exits with code 2', async () => {
    const run = await runScript('tools/eval/eval.ts', ['--docs', 'seeds'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage: npm run eval -- --docs DIR/);
    expect(run.stdout).toBe('');
  });
});
