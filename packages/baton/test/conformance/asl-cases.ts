/**
 * Access to the AWS-recorded ASL conformance corpus (../shared/conformance/asl, see its README):
 * the cases and the shared judge that compares results with placeholders. The corpus lives
 * beside the repository; BATON_CONFORMANCE_DIR points elsewhere when needed.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const conformanceDir = resolve(
  process.env.BATON_CONFORMANCE_DIR ?? join(here, '../../../../../shared/conformance'),
);
export const hasCorpus = existsSync(join(conformanceDir, 'asl/run.mjs'));

export interface AslCase {
  id: string;
  category: string;
  definition?: unknown;
  definitionText?: string;
  input?: unknown;
  inputText?: string;
  stateMachineType?: 'STANDARD' | 'EXPRESS';
  expected: { status?: string; createError?: string; output?: unknown; error?: string; cause?: unknown };
  historyTypes?: string[];
}

export interface Judge {
  loadCases(dir: string): AslCase[];
  definitionText(c: AslCase): string;
  inputText(c: AslCase): string | undefined;
  judge(c: AslCase, actual: object, opts: { history?: boolean }): { ok: boolean; reasons: string[]; notes: string[] };
}

export async function loadJudge(): Promise<Judge> {
  return (await import(join(conformanceDir, 'asl/run.mjs'))) as Judge;
}
