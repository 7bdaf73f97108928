/**
 * The examples' pipes (`examples/<name>/pipes.json`), with what they read from and deliver to,
 * created through the operations clients use, so `npm start` runs whole pipelines:
 *
 * ```json
 * { "Streams": [{ "StreamName": "rides", "ShardCount": 4 }],
 *   "Queues": [{ "QueueName": "dispatches", "Attributes": { … } }],
 *   "StateMachines": [{ "name": "dispatch", "type": "EXPRESS", "definition": { … } }],
 *   "Pipes": [{ "Name": "rides-to-dispatch", "Source": "arn:aws:kinesis:{region}:{account}:stream/rides",
 *               "Target": "arn:aws:states:{region}:{account}:stateMachine:dispatch", "RoleArn": "…", … }] }
 * ```
 *
 * Pipes take CreatePipe's members. `{region}` and `{account}` stand for the server's. What exists
 * already (an earlier start created it) is left alone; any other error is reported and the rest
 * goes on.
 */
import type { JsonObject } from '../../../kernel/index.js';
import type { PipeService } from '../../../messaging/pipes/index.js';
import { exampleContext, exampleFiles } from '../example-files.js';
import type { JsonService } from '../json-protocol.js';

interface PipesFile {
  readonly Streams?: readonly JsonObject[];
  readonly Queues?: readonly JsonObject[];
  readonly StateMachines?: readonly { name: string; type?: string; definition: JsonObject }[];
  readonly Pipes?: readonly JsonObject[];
}

/** What "it exists already" is called by each API. */
const EXISTS = new Set(['ResourceInUseException', 'StateMachineAlreadyExists', 'QueueNameExists', 'ConflictException']);

export async function deployExamplePipes(
  dir: string,
  apis: {
    readonly kinesis: JsonService;
    readonly sqs: JsonService;
    readonly sfn: JsonService;
    readonly pipes: PipeService;
  },
  region: string,
  account: string,
  onError: (error: unknown, context: string) => void,
): Promise<void> {
  const ctx = exampleContext(region, account);
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === undefined || !EXISTS.has(code)) onError(e, `example ${what}`);
    }
  };
  for (const spec of exampleFiles<PipesFile>(dir, 'pipes.json', region, account)) {
    for (const s of spec.Streams ?? []) {
      await attempt(`stream ${String(s.StreamName)}`, () => apis.kinesis.operations.CreateStream!(s, ctx));
    }
    for (const q of spec.Queues ?? []) {
      await attempt(`queue ${String(q.QueueName)}`, () => apis.sqs.operations.CreateQueue!(q, ctx));
    }
    for (const m of spec.StateMachines ?? []) {
      await attempt(`state machine ${m.name}`, () =>
        apis.sfn.operations.CreateStateMachine!(
          {
            name: m.name,
            type: m.type ?? 'STANDARD',
            definition: JSON.stringify(m.definition),
            roleArn: `arn:aws:iam::${account}:role/baton-examples`,
          },
          ctx,
        ),
      );
    }
    for (const { Name, ...input } of spec.Pipes ?? []) {
      await attempt(`pipe ${String(Name)}`, () => apis.pipes.create({ region, account, name: String(Name) }, input));
    }
  }
}
