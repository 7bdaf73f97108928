/**
 * The talk's workflows as shipped in examples/, deployed the way `npm start` deploys them (the
 * whole folder) and driven with the official SDK clients, with their real handlers: in-process
 * functions (order processing, username registration, the video manifest), an HTTP function
 * endpoint (the insurance claims' document service, examples/insurance-claims/server.mjs) and a
 * remote activity worker built on @baton/sdk (examples/video-transcoding/worker.mjs), both run as
 * child processes. Each test checks the output and the states the execution went through,
 * failure paths included.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeSchemaCommand, ListSchemasCommand, SchemasClient } from '@aws-sdk/client-schemas';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
// ajv-draft-04 is CommonJS with only a default export: under NodeNext its class is `.default`.
import AjvDraft04 from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExamples } from '../../src/examples.js';
import { credentials, eventually, startTestBaton, type TestBaton } from '../support/baton.js';

const examples = resolve(fileURLToPath(import.meta.url), '../../../../../examples');
/** The worker runs @baton/sdk's dist/, which `npm run build` (and so `npm test`) produces. */
const sdkBuilt = existsSync(resolve(examples, '../packages/sdk/dist/index.js'));

interface ExampleProcess {
  readonly child: ChildProcess;
  /** The first line the process printed that matched `ready`. */
  readonly ready: RegExpExecArray;
}

const processes: ChildProcess[] = [];

/** Runs an example's script with `env` and resolves once it prints a line matching `ready`. */
function runExample(script: string, env: Record<string, string>, ready: RegExp): Promise<ExampleProcess> {
  const child = spawn(process.execPath, [resolve(examples, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((started, failed) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = ready.exec(line);
      if (m) started({ child, ready: m });
    });
    child.once('exit', (code) => failed(new Error(`${script} exited with ${code}:\n${stderr}`)));
  });
}

/** Stops a child by its PID: SIGTERM first (both scripts shut down gracefully), SIGKILL if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

let t: TestBaton;
let documentService = '';
let worker: ExampleProcess | undefined;
let events: EventBridgeClient;
let sqs: SQSClient;

beforeAll(async () => {
  const documents = await runExample('insurance-claims/server.mjs', { PORT: '0' }, /listening on (http:\S+)/);
  documentService = documents.ready[1]!;
  // endpoints.json names the service's default port; the test's service listens on a free one.
  const insurance = (await readExamples(examples)).find((e) => e.name === 'insurance-claims')!;
  const functionEndpoints = Object.fromEntries(
    Object.entries(insurance.endpoints).map(([name, e]) => [
      name,
      new URL(new URL(e.url).pathname, documentService).href,
    ]),
  );
  t = await startTestBaton({ examples, functionEndpoints }, { busDelivery: { pollMs: 50 } });
  events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  sqs = new SQSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  if (sdkBuilt) worker = await runExample('video-transcoding/worker.mjs', { BATON_URL: t.baton.url }, /polling/);
}, 20_000);

afterAll(async () => {
  // The worker first: its long polls must end before the server closes.
  if (worker) await stop(worker.child);
  events?.destroy();
  sqs?.destroy();
  await t?.close();
  await Promise.all(processes.map(stop));
});

const machineArn = (name: string) => `arn:aws:states:${t.region}:${t.account}:stateMachine:${name}`;

async function run(machine: string, input: object) {
  const { executionArn } = await t.sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn(machine), input: JSON.stringify(input) }),
  );
  return finished(executionArn!);
}

async function finished(executionArn: string) {
  const d = await eventually(async () => {
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  }, 15_000);
  const history = (await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!;
  return {
    status: d.status,
    output: d.output === undefined ? undefined : JSON.parse(d.output),
    error: d.error,
    cause: d.cause,
    events: history,
    /** The states entered, in order (Map iterations and Parallel branches interleaved). */
    path: history.flatMap((e) => e.stateEnteredEventDetails?.name ?? []),
  };
}

const count = (names: string[], name: string) => names.filter((n) => n === name).length;
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The start of a PNG file: signature and IHDR chunk (8-bit RGB), as far as a reader of its size needs. */
function png(width: number, height: number): string {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(2, 17);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]).toString('base64');
}

const LICENSE = [
  'DRIVER LICENSE',
  'Name: Ada Lovelace',
  'License No: D1234567',
  'Date of Birth: 1815-12-10',
  'Expires: 2031-12-10',
  'Class: B, BE',
].join('\n');

describe.concurrent('insurance document processing (HTTP function endpoints)', () => {
  const storedFor = async (claimId: string) =>
    (await (await fetch(`${documentService}/claims/${claimId}/documents`)).json()) as { documentId: string }[];

  it('reads endpoints.json beside the definition', async () => {
    const insurance = (await readExamples(examples)).find((e) => e.name === 'insurance-claims')!;
    expect(insurance.endpoints.classifyDocument).toEqual({ url: 'http://127.0.0.1:8790/classify' });
    expect(Object.keys(insurance.endpoints).sort()).toEqual([
      'classifyDocument',
      'extractCarImage',
      'extractDriverLicense',
      'storeDocument',
    ]);
  });

  it('classifies a driver licence, extracts its fields, stores them and announces the document', async () => {
    const r = await run('insurance-claims', {
      claimId: 'CLM-1',
      documentId: 'licence',
      fileName: 'licence.txt',
      content: base64(LICENSE),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({
      claimId: 'CLM-1',
      documentId: 'licence',
      type: 'DRIVER_LICENSE',
      details: {
        name: 'Ada Lovelace',
        licenseNumber: 'D1234567',
        dateOfBirth: '1815-12-10',
        expires: '2031-12-10',
        vehicleClasses: ['B', 'BE'],
      },
    });
    expect(r.path).toEqual([
      'ClassifyDocument',
      'RouteByType',
      'ExtractDriverLicense',
      'StoreDocument',
      'AnnounceAccepted',
    ]);
    expect((await storedFor('CLM-1')).map((d) => d.documentId)).toEqual(['licence']);
  });

  it('routes a car photo to the image extractor, which reads its size and fingerprints it', async () => {
    const content = png(1600, 900);
    const r = await run('insurance-claims', { claimId: 'CLM-2', documentId: 'front', fileName: 'front.png', content });
    expect(r.output.details).toEqual({
      format: 'png',
      width: 1600,
      height: 900,
      bytes: 33,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.path).toContain('ExtractCarImage');
    expect(r.path).not.toContain('ExtractDriverLicense');
  });

  it('fails a document type no extractor handles, storing nothing', async () => {
    const r = await run('insurance-claims', {
      claimId: 'CLM-3',
      documentId: 'report',
      fileName: 'report.txt',
      content: base64('POLICE REPORT\nCase: 2024-118\nOfficer: J. Smith'),
    });
    expect(r).toMatchObject({
      status: 'FAILED',
      error: 'UnsupportedDocumentType',
      cause: 'No extractor handles POLICE_REPORT documents (report.txt: heading "POLICE REPORT")',
    });
    expect(r.path).toEqual(['ClassifyDocument', 'RouteByType', 'UnsupportedDocument']);
    expect(await storedFor('CLM-3')).toEqual([]);
  });

  it("fails with the extractor's error when a licence cannot be read", async () => {
    const r = await run('insurance-claims', {
      claimId: 'CLM-4',
      documentId: 'smudged',
      fileName: 'smudged.txt',
      content: base64('DRIVING LICENCE\nName: Grace Hopper'),
    });
    expect(r).toMatchObject({ status: 'FAILED', error: 'UnreadableDocument' });
    expect(JSON.parse(r.cause!).errorMessage).toBe('The licence has no licenseNumber, expires');
  });

  it('starts from a DocumentUploaded event (rules.json) and publishes DocumentAccepted on the bus', async () => {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'claims-accepted' }))).QueueUrl!;
    await events.send(
      new PutRuleCommand({
        Name: 'claims-accepted',
        EventPattern: JSON.stringify({ source: ['claims.documents'], 'detail-type': ['DocumentAccepted'] }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'claims-accepted',
        Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:${t.region}:${t.account}:claims-accepted` }],
      }),
    );
    const document = { claimId: 'CLM-5', documentId: 'rear', fileName: 'rear.png', content: png(800, 600) };
    await events.send(
      new PutEventsCommand({
        Entries: [{ Source: 'claims.portal', DetailType: 'DocumentUploaded', Detail: JSON.stringify(document) }],
      }),
    );
    const accepted = await eventually(async () => {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
      return r.Messages?.[0] ? JSON.parse(r.Messages[0].Body!) : undefined;
    }, 10_000);
    expect(accepted).toMatchObject({
      source: 'claims.documents',
      'detail-type': 'DocumentAccepted',
      detail: { claimId: 'CLM-5', documentId: 'rear', type: 'CAR_IMAGE', details: { width: 800, height: 600 } },
    });
  });
});

describe.concurrent('order processing (in-process functions, a Map over the lines)', () => {
  it('prices the order, checks, reserves and packs every line, and ships them', async () => {
    const r = await run('order-processing', {
      orderId: 'o-1',
      address: { country: 'NL' },
      items: [
        { sku: 'book', quantity: 2 },
        { sku: 'mug', quantity: 1 },
      ],
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({
      orderId: 'o-1',
      totalCents: 2 * 3499 + 1200, // free shipping from 50.00
      status: 'SHIPPED',
      shipped: [
        { sku: 'book', quantity: 2 },
        { sku: 'mug', quantity: 1 },
      ],
      backordered: [],
      shipment: {
        trackingId: expect.stringMatching(/^TRK-[0-9A-F]{12}$/),
        country: 'NL',
        parcels: [
          { box: 'M', weightGrams: 1400 },
          { box: 'S', weightGrams: 450 },
        ],
        weightGrams: 1850,
      },
    });
    expect(r.path[0]).toBe('CalculateTotal');
    expect(r.path.at(-1)).toBe('CreateShipment');
    for (const step of ['CheckAvailability', 'InStock', 'ReserveItem', 'PackItem']) expect(count(r.path, step)).toBe(2);
    expect(r.events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(2);
  });

  it('backorders a line the stock cannot cover and ships the rest', async () => {
    const r = await run('order-processing', {
      orderId: 'o-2',
      address: { country: 'BE' },
      items: [
        { sku: 'lamp', quantity: 3 },
        { sku: 'mug', quantity: 2 },
      ],
    });
    expect(r.output).toMatchObject({
      totalCents: 3 * 4599 + 2 * 1200,
      status: 'PARTIALLY_SHIPPED',
      shipped: [{ sku: 'mug', quantity: 2 }],
      backordered: [{ sku: 'lamp', quantity: 3 }],
    });
    expect(count(r.path, 'Backorder')).toBe(1);
    expect(count(r.path, 'PackItem')).toBe(1);
  });

  it('fails an order naming a product the catalogue does not have, before fulfilling anything', async () => {
    const r = await run('order-processing', { orderId: 'o-3', address: {}, items: [{ sku: 'kite', quantity: 1 }] });
    expect(r).toMatchObject({ status: 'FAILED', error: 'UnknownProduct' });
    expect(JSON.parse(r.cause!).errorMessage).toBe("No product with SKU 'kite'");
    expect(r.path).toEqual(['CalculateTotal']);
  });
});

describe.concurrent('username registration (Retry on a modified input, Catch to suggestions)', () => {
  /** The `attempt` each RegisterUsername call was given: the task's input is rebuilt for every retry. */
  const attempts = (events: HistoryEvent[]) =>
    events.flatMap((e) => {
      const input = e.lambdaFunctionScheduledEventDetails?.input;
      return input && e.lambdaFunctionScheduledEventDetails?.resource?.endsWith(':registerUsername')
        ? [JSON.parse(input).attempt as number]
        : [];
    });

  it('registers the username asked for; the next applicant gets it with a number after one retry', async () => {
    const first = await run('username-registration', { username: 'grace', email: 'grace@example.com' });
    expect(first.output).toEqual({ registered: true, requested: 'grace', username: 'grace', attempts: 1 });
    expect(first.path).toEqual(['RegisterUsername', 'Registered']);

    const second = await run('username-registration', { username: 'grace', email: 'other.grace@example.com' });
    expect(second.output).toEqual({ registered: true, requested: 'grace', username: 'grace1', attempts: 2 });
    expect(attempts(second.events)).toEqual([0, 1]);
    expect(count(second.path, 'RegisterUsername')).toBe(1);

    // The same applicant again (a retried request) keeps the name it has.
    const again = await run('username-registration', { username: 'grace', email: 'grace@example.com' });
    expect(again.output).toMatchObject({ username: 'grace', attempts: 1 });
  });

  it('tries two modified usernames, then catches the failure and suggests free ones', async () => {
    const r = await run('username-registration', {
      username: 'admin',
      email: 'ada@example.com',
      fullName: 'Ada Lovelace',
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({
      registered: false,
      requested: 'admin',
      suggestions: ['ada.lovelace', 'ada_lovelace', 'alovelace'],
    });
    expect(attempts(r.events)).toEqual([0, 1, 2]);
    expect(r.events.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(3);
    expect(r.path).toEqual(['RegisterUsername', 'SuggestUsernames', 'ChooseAnother']);
  });

  it('fails a username that breaks the rules without retrying it', async () => {
    const r = await run('username-registration', { username: 'a!', email: 'a@example.com' });
    expect(r).toMatchObject({ status: 'FAILED', error: 'InvalidUsername' });
    expect(attempts(r.events)).toEqual([0]);
  });
});

describe.skipIf(!sdkBuilt)(
  'video transcoding (Parallel branches on a remote worker process)',
  { concurrent: true },
  () => {
    const workerName = () => `-${worker!.child.pid}`;

    it('makes the three renditions at once on the worker and publishes their manifest', async () => {
      const r = await run('video-transcoding', {
        videoId: 'keynote',
        source: { key: 'uploads/keynote.mov', width: 1920, height: 1080, durationSeconds: 754 },
      });
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toEqual({
        videoId: 'keynote',
        manifestKey: 'videos/keynote/master.m3u8',
        manifest: [
          '#EXTM3U',
          '#EXT-X-STREAM-INF:BANDWIDTH=5128000,RESOLUTION=1920x1080',
          '1080p/index.m3u8',
          '#EXT-X-STREAM-INF:BANDWIDTH=2928000,RESOLUTION=1280x720',
          '720p/index.m3u8',
          '#EXT-X-STREAM-INF:BANDWIDTH=1528000,RESOLUTION=854x480',
          '480p/index.m3u8',
        ].join('\n'),
        renditions: ['1080p', '720p', '480p'],
        skipped: [],
      });
      const started = r.events.filter((e) => e.type === 'ActivityStarted');
      expect(started).toHaveLength(3);
      for (const e of started) expect(e.activityStartedEventDetails!.workerName).toContain(workerName());
      // The Parallel state scheduled the three branches' tasks at once, before any answer came back.
      const firstAnswer = r.events.findIndex((e) => e.type === 'ActivitySucceeded');
      expect(r.events.slice(0, firstAnswer).filter((e) => e.type === 'ActivityScheduled')).toHaveLength(3);
    });

    it("skips a rendition that would upscale the source (its branch's Catch) and publishes the others", async () => {
      const r = await run('video-transcoding', {
        videoId: 'clip',
        source: { key: 'uploads/clip.mp4', width: 1280, height: 720, durationSeconds: 60 },
      });
      expect(r.output).toMatchObject({
        renditions: ['720p', '480p'],
        skipped: [{ name: '1080p', reason: '1080p is taller than the 720p source' }],
      });
      expect(r.path).toContain('Skip1080p');
      expect(r.events.filter((e) => e.type === 'ActivityFailed')).toHaveLength(1);
    });
  },
);

describe('the KYC events in a schema registry (schemas.json)', () => {
  it('deploys a schema per event, and the events the workflow publishes fit them', async () => {
    const registry = new SchemasClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
    try {
      const listed = await registry.send(new ListSchemasCommand({ RegistryName: 'kyc' }));
      expect(listed.Schemas!.map((s) => s.SchemaName).sort()).toEqual([
        'account.service@AccountRequested',
        'kyc.service@AccountApproved',
        'kyc.service@AccountRejected',
      ]);
      const schemaOf = async (name: string) => {
        const d = await registry.send(new DescribeSchemaCommand({ RegistryName: 'kyc', SchemaName: name }));
        expect(d.Type).toBe('JSONSchemaDraft4');
        return new AjvDraft04.default({ strict: false }).compile(JSON.parse(d.Content!));
      };
      const requested = await schemaOf('account.service@AccountRequested');
      const approved = await schemaOf('kyc.service@AccountApproved');

      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'kyc-decisions' }))).QueueUrl!;
      await events.send(
        new PutRuleCommand({ Name: 'kyc-decisions', EventPattern: JSON.stringify({ source: ['kyc.service'] }) }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: 'kyc-decisions',
          Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:${t.region}:${t.account}:kyc-decisions` }],
        }),
      );
      const request = { accountId: 'acc-schema', documentId: 'P123', country: 'NL' };
      expect(requested({ source: 'account.service', 'detail-type': 'AccountRequested', detail: request })).toBe(true);
      await events.send(
        new PutEventsCommand({
          Entries: [{ Source: 'account.service', DetailType: 'AccountRequested', Detail: JSON.stringify(request) }],
        }),
      );
      const decision = await eventually(async () => {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
        return r.Messages?.[0] ? JSON.parse(r.Messages[0].Body!) : undefined;
      }, 10_000);
      expect(decision).toMatchObject({ 'detail-type': 'AccountApproved', detail: { accountId: 'acc-schema' } });
      expect(approved(decision)).toBe(true);
      expect(approved({ ...decision, detail: { accountId: 'acc-schema' } })).toBe(false);
    } finally {
      registry.destroy();
    }
  });
});
