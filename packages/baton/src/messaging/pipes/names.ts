/**
 * Pipe names and ARNs: `arn:aws:pipes:<region>:<account>:pipe/<name>` (API reference, Pipe:
 * Name is 1 to 64 of `.`, `-`, `_`, letters and digits).
 */

export interface PipeLocation {
  readonly region: string;
  readonly account: string;
}

export interface PipeRef extends PipeLocation {
  readonly name: string;
}

export const PIPE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const PIPE_ARN = /^arn:aws[a-z-]*:pipes:([a-z0-9-]+):(\d{12}):pipe\/([.\-_A-Za-z0-9]{1,64})$/;

export function pipeArn(ref: PipeRef): string {
  return `${pipeArnPrefix(ref)}${ref.name}`;
}

/** The prefix every pipe ARN of a region and account starts with (lists filter on it). */
export function pipeArnPrefix(at: PipeLocation): string {
  return `arn:aws:pipes:${at.region}:${at.account}:pipe/`;
}

export function parsePipeArn(arn: string): PipeRef | undefined {
  const m = PIPE_ARN.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}
