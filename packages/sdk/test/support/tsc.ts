/**
 * The workspace's TypeScript compiler, run as a child process (its package exports no path to
 * the binary, so it is found next to its package.json).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** Runs tsc with `args`; throws with the compiler's output when it reports errors. */
export function runTsc(...args: string[]): string {
  try {
    return execFileSync(process.execPath, [tsc, ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}
