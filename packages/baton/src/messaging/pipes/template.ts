/**
 * Input templates (user guide, "Amazon EventBridge Pipes input transformation"): free text, a
 * JSON path, or a JSON object with inline JSON paths (`<$.body.key>`) and reserved variables
 * (`<aws.pipes.pipe-arn>`, `<aws.pipes.event.json>`, …), applied to each event of a batch on its
 * way to the enrichment or the target.
 *
 * The rules for splicing values into JSON and text templates are the event bus's input
 * transformer's (messaging/bus transform.ts): a template here is rewritten into one there, each
 * placeholder becoming a variable of its InputPathsMap over a wrapper document — `e`, the event
 * with its message field decoded (what `<$…>` paths and `aws.pipes.event.json` read); `r`, the
 * event as received (`aws.pipes.event`); `p`, the pipe's reserved values.
 */
import type { Json } from '../../kernel/index.js';
import { compileTargetInput } from '../bus/index.js';
import { pipeErrors } from './errors.js';

/** What the reserved variables stand for. */
export interface TemplatePipe {
  readonly pipeArn: string;
  readonly pipeName: string;
  readonly sourceArn: string;
  readonly enrichmentArn?: string;
  readonly targetArn: string;
}

export interface PipeTemplate {
  /** The event as the enrichment or target receives it: JSON for a JSON template, else text. */
  render(event: { readonly decoded: Json; readonly received: Json }, now: number): Json;
}

const RESERVED: Readonly<Record<string, string>> = {
  'aws.pipes.pipe-arn': '$.p.pipeArn',
  'aws.pipes.pipe-name': '$.p.pipeName',
  'aws.pipes.source-arn': '$.p.sourceArn',
  'aws.pipes.enrichment-arn': '$.p.enrichmentArn',
  'aws.pipes.target-arn': '$.p.targetArn',
  'aws.pipes.event.ingestion-time': '$.p.ingestionTime',
  'aws.pipes.event': '$.r',
  'aws.pipes.event.json': '$.e',
};
const PLACEHOLDER = /<([^<>\s]+)>/g;

/** What the bus's compiler returns for a transformer. */
type CompiledInput = Extract<ReturnType<typeof compileTargetInput>, { ok: true }>['value'];
/** AWS's limit on InputTemplate (API reference, PipeTargetParameters). */
export const MAX_TEMPLATE_LENGTH = 8192;

/** Compiles a template once (at CreatePipe and when a runner starts); `path` names it in errors. */
export function compilePipeTemplate(template: string, path: string, pipe: TemplatePipe): PipeTemplate {
  if (template.length > MAX_TEMPLATE_LENGTH) throw pipeErrors.tooLong(template, path, MAX_TEMPLATE_LENGTH);
  const variables = new Map<string, string>();
  const inputPathsMap: Record<string, string> = {};
  const inputTemplate = template.replaceAll(PLACEHOLDER, (_whole, name: string) => {
    let variable = variables.get(name);
    if (variable === undefined) {
      const wrapped = RESERVED[name] ?? eventPath(name, path);
      variable = `v${variables.size}`;
      variables.set(name, variable);
      inputPathsMap[variable] = wrapped;
    }
    return `<${variable}>`;
  });
  const compiled = compileTargetInput({ inputTransformer: { inputTemplate, inputPathsMap } }, 'pipe');
  if (!compiled.ok) throw pipeErrors.invalid(`Parameter ${path} is not valid. Reason: ${compiled.error}`);
  const json = template.trimStart().startsWith('{');
  return { render: (event, now) => renderWith(compiled.value, json, event, pipe, now) };
}

/** `$`, `$.a.b` or `$[0]` read from the decoded event. */
function eventPath(name: string, path: string): string {
  if (name === '$') return '$.e';
  if (name.startsWith('$.') || name.startsWith('$[')) return `$.e${name.slice(1)}`;
  throw pipeErrors.invalid(`Parameter ${path} is not valid. Reason: invalid placeholder <${name}>.`);
}

function renderWith(
  compiled: CompiledInput,
  json: boolean,
  event: { readonly decoded: Json; readonly received: Json },
  pipe: TemplatePipe,
  now: number,
): Json {
  const wrapper = {
    e: event.decoded,
    r: event.received,
    p: { ...pipe, ingestionTime: new Date(now).toISOString() },
  };
  const context = { ruleArn: pipe.pipeArn, ruleName: pipe.pipeName, ingestedAt: now };
  const text = compiled.render(JSON.stringify(wrapper), context);
  if (!json) return text;
  try {
    return JSON.parse(text) as Json;
  } catch {
    // A JSON template whose text is not valid JSON (a user's typo) reaches the target as text.
    return text;
  }
}
