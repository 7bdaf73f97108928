/**
 * End-to-end: streams and pipes in the console, in headless Chromium against a real Baton server
 * (see support.ts), set up with the official AWS SDK clients: a stream with a split shard, a
 * registered consumer and records of every kind (JSON, text, binary) read from a shard; pipes
 * with their stages, stopped and started from the pipe's page. Screenshots go to
 * test-results/screenshots/.
 */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { CreatePipeCommand, DescribePipeCommand, PipesClient } from '@aws-sdk/client-pipes';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually, type TestBaton } from '../../baton/test/support/baton.js';
import { type ConsoleSession, chromiumAvailable, openConsole, suiteTitle } from './support.js';

const FILTER = '{"data":{"city":["Lisbon"]}}';

describe.skipIf(!chromiumAvailable)(suiteTitle('streams and pipes in headless Chromium'), { timeout: 120_000 }, () => {
  let session: ConsoleSession;
  let t: TestBaton;
  let page: Page;
  let kinesis: KinesisClient;
  let pipes: PipesClient;
  let sqs: SQSClient;
  let arn: (service: string, resource: string) => string;
  let ridesArn: string;
  /** The shard the first records went to, split after they were put: closed, with two children. */
  let splitShardId: string;
  /** The lower child of the split, and the records put there after it (in order). */
  let childShardId: string;
  const firstRecords: { sequence: string; shard: string }[] = [];
  const childSequences: string[] = [];

  const put = async (data: Uint8Array | string, extra: { ExplicitHashKey?: string } = {}) => {
    const out = await kinesis.send(
      new PutRecordCommand({
        StreamName: 'rides',
        PartitionKey: 'r-1',
        Data: typeof data === 'string' ? new TextEncoder().encode(data) : data,
        ...extra,
      }),
    );
    return { sequence: out.SequenceNumber!, shard: out.ShardId! };
  };
  /** The server's clock runs this far behind until the first records are put: they are two hours old. */
  let clockOffsetMs = -2 * 3_600_000;
  const pipeState = async (name: string) => {
    const out = await pipes.send(new DescribePipeCommand({ Name: name }));
    return [out.CurrentState, out.DesiredState];
  };

  beforeAll(async () => {
    session = await openConsole({
      clock: { now: () => Date.now() + clockOffsetMs },
      pipes: { pollMs: 100, idleMs: 20, backoff: { baseMs: 20, capMs: 200 } },
    });
    ({ t, page } = session);
    const client = { endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 };
    kinesis = new KinesisClient(client);
    pipes = new PipesClient(client);
    sqs = new SQSClient(client);
    arn = (service, resource) => `arn:aws:${service}:${t.region}:${t.account}:${resource}`;
    ridesArn = arn('kinesis', 'stream/rides');

    await kinesis.send(new CreateStreamCommand({ StreamName: 'rides', ShardCount: 2 }));
    await kinesis.send(
      new CreateStreamCommand({ StreamName: 'clicks', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
    );
    firstRecords.push(await put(JSON.stringify({ ride: 'r-1', city: 'Lisbon' })));
    firstRecords.push(await put('hello, stream'));
    firstRecords.push(await put(new Uint8Array([0xff, 0x00, 0x10])));
    splitShardId = firstRecords[0]!.shard;
    // One partition key, one shard: all three went to the same one.
    expect(firstRecords.map((r) => r.shard)).toEqual([splitShardId, splitShardId, splitShardId]);

    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: 'rides' }));
    const range = Shards.find((s) => s.ShardId === splitShardId)!.HashKeyRange!;
    const start = BigInt(range.StartingHashKey!);
    const middle = start + (BigInt(range.EndingHashKey!) - start + 1n) / 2n;
    await kinesis.send(
      new SplitShardCommand({ StreamName: 'rides', ShardToSplit: splitShardId, NewStartingHashKey: middle.toString() }),
    );
    await eventually(async () => {
      const out = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'rides' }));
      return out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined;
    });
    clockOffsetMs = 0;
    for (let n = 1; n <= 12; n++) {
      const out = await put(JSON.stringify({ ride: `r-${n}`, city: 'Porto' }), { ExplicitHashKey: start.toString() });
      childSequences.push(out.sequence);
      childShardId = out.shard;
    }
    await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: ridesArn, ConsumerName: 'dashboard' }));

    await sqs.send(new CreateQueueCommand({ QueueName: 'dispatches' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
    await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'enrich',
        type: 'EXPRESS',
        definition: JSON.stringify({ StartAt: 'Same', States: { Same: { Type: 'Pass', End: true } } }),
        roleArn: `arn:aws:iam::${t.account}:role/r`,
      }),
    );
    const role = `arn:aws:iam::${t.account}:role/pipes`;
    await pipes.send(
      new CreatePipeCommand({
        Name: 'rides-to-dispatch',
        RoleArn: role,
        Description: 'Lisbon rides to dispatch',
        Source: ridesArn,
        SourceParameters: {
          KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 5 },
          FilterCriteria: { Filters: [{ Pattern: FILTER }] },
        },
        Enrichment: arn('states', 'stateMachine:enrich'),
        Target: arn('sqs', 'dispatches'),
        TargetParameters: { InputTemplate: '{"partition": <$.partitionKey>}' },
      }),
    );
    await pipes.send(
      new CreatePipeCommand({
        Name: 'orders-to-bus',
        RoleArn: role,
        DesiredState: 'STOPPED',
        Source: arn('sqs', 'orders'),
        Target: arn('events', 'event-bus/default'),
      }),
    );
  }, 120_000);

  afterAll(async () => {
    kinesis?.destroy();
    pipes?.destroy();
    sqs?.destroy();
    await session?.close();
  });

  it('lists streams with their status, mode, open shards and retention', async () => {
    await page.goto(`${t.baton.url}/queues`);
    await page.getByRole('heading', { name: 'Queues and topics', exact: true }).waitFor();
    // `g` then `s` opens Streams.
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    const table = page.getByRole('table', { name: 'Streams' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    const rides = table.locator('tr[data-stream="rides"]');
    // Two shards, one split in two: three open.
    expect(await rides.getByTestId('open-shards').textContent()).toBe('3');
    const text = await rides.textContent();
    expect(text).toContain('ACTIVE');
    expect(text).toContain('PROVISIONED');
    expect(text).toContain('24 hours');
    expect(await table.locator('tr[data-stream="clicks"]').textContent()).toContain('ON_DEMAND');
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Streams');
    await session.shot('console-streams');
  });

  it('shows a stream’s shards, open and closed, its consumers and the pipes that read it', async () => {
    await page.goto(`${t.baton.url}/streams`);
    await page.getByRole('table', { name: 'Streams' }).getByRole('link', { name: 'rides', exact: true }).click();
    await page.getByRole('heading', { name: 'rides', exact: true }).waitFor();
    const shards = page.getByRole('table', { name: 'Shards' });
    await shards.waitFor();
    expect(await shards.locator('tbody tr').count()).toBe(4);
    expect(await shards.locator('tr[data-open="yes"]').count()).toBe(3);
    const closed = shards.locator('tr[data-open="no"]');
    expect(await closed.getAttribute('data-shard')).toBe(splitShardId);
    expect(await closed.textContent()).toContain('closed');
    expect(await closed.textContent()).toContain(childShardId);
    expect(await shards.locator(`tr[data-shard="${childShardId}"]`).textContent()).toContain(splitShardId);
    expect(await page.getByRole('table', { name: 'Consumers' }).locator('tr[data-consumer="dashboard"]').count()).toBe(
      1,
    );
    await page.getByRole('link', { name: 'rides-to-dispatch', exact: true }).waitFor();
    expect(await page.getByTestId('open-shards').textContent()).toBe('3');
  });

  it('reads a closed shard’s records: JSON, text and binary, with sequence numbers and partition keys', async () => {
    await page.goto(`${t.baton.url}/streams/${encodeURIComponent(ridesArn)}`);
    await page.getByLabel('Shard', { exact: true }).selectOption(splitShardId);
    const records = page.getByRole('table', { name: 'Shard records' });
    // Newest first: the binary record, the text, the JSON.
    await expect
      .poll(() => records.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sequence'))))
      .toEqual(firstRecords.map((r) => r.sequence).reverse());
    const rows = records.locator('tbody tr');
    expect(await rows.nth(2).locator('pre').textContent()).toBe('{\n  "ride": "r-1",\n  "city": "Lisbon"\n}');
    expect(await rows.nth(2).textContent()).toContain('JSON, 30 bytes');
    expect(await rows.nth(1).locator('pre').textContent()).toBe('hello, stream');
    expect(await rows.nth(0).locator('pre').textContent()).toBe('ff 00 10');
    expect(await rows.nth(0).textContent()).toContain('binary, 3 bytes');
    expect(await records.locator('td.mono:not(.sequence)').allTextContents()).toEqual(['r-1', 'r-1', 'r-1']);
    expect(await page.getByTestId('read-summary').textContent()).toBe(
      `Read 3 records of ${splitShardId} from the oldest record kept (TRIM_HORIZON). The shard is closed and was read to its end.`,
    );
    await session.shot('console-stream-records');
    // They arrived two hours ago: from 5 minutes ago (AT_TIMESTAMP) there are none.
    await page.getByLabel('From', { exact: true }).selectOption('5m');
    await expect
      .poll(() => page.getByTestId('read-summary').textContent())
      .toBe(
        `Read 0 records of ${splitShardId} from 5 minutes ago (AT_TIMESTAMP). The shard is closed and was read to its end.`,
      );
    expect(await records.count()).toBe(0);
    await page.getByText('No records from there').waitFor();
  });

  it('shows the newest records read from an open shard, newest first', async () => {
    await page.goto(`${t.baton.url}/streams/${encodeURIComponent(ridesArn)}`);
    await page.getByLabel('Shard', { exact: true }).selectOption(childShardId);
    await page.getByLabel('Show', { exact: true }).selectOption('10');
    const records = page.getByRole('table', { name: 'Shard records' });
    await expect
      .poll(() => records.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sequence'))))
      .toEqual(childSequences.slice(2).reverse());
    expect(await page.getByTestId('read-summary').textContent()).toBe(
      `Read 12 records of ${childShardId} from the oldest record kept (TRIM_HORIZON), showing the newest 10. These reach the newest record of the shard.`,
    );
    expect(await records.locator('tbody tr').first().locator('pre').textContent()).toContain('"ride": "r-12"');
    // Put just now: from 5 minutes ago (AT_TIMESTAMP), all of them again.
    await page.getByLabel('From', { exact: true }).selectOption('5m');
    await expect.poll(() => page.getByTestId('read-summary').textContent()).toContain('from 5 minutes ago');
    expect(await page.getByTestId('read-summary').textContent()).toContain('Read 12 records');
    await page.getByLabel('Show', { exact: true }).selectOption('25');
    expect(await records.locator('tbody tr').count()).toBe(12);
  });

  it('reads on, one GetRecords call at a time, while more records follow', async () => {
    let shard = '';
    for (const from of [0, 500, 1000]) {
      const out = await kinesis.send(
        new PutRecordsCommand({
          StreamName: 'clicks',
          Records: Array.from({ length: from === 1000 ? 1 : 500 }, (_, i) => ({
            PartitionKey: 'page-1',
            Data: new TextEncoder().encode(`click ${from + i + 1}`),
          })),
        }),
      );
      shard = out.Records![0]!.ShardId!;
    }
    await page.goto(`${t.baton.url}/streams/${encodeURIComponent(arn('kinesis', 'stream/clicks'))}`);
    await page.getByLabel('Shard', { exact: true }).selectOption(shard);
    const summary = page.getByTestId('read-summary');
    await expect
      .poll(() => summary.textContent())
      .toBe(
        `Read 1,000 records of ${shard} from the oldest record kept (TRIM_HORIZON), showing the newest 25. More records follow. Read on`,
      );
    const records = page.getByRole('table', { name: 'Shard records' });
    expect(await records.locator('tbody tr pre').first().textContent()).toBe('click 1000');
    await page.getByRole('button', { name: 'Read on' }).click();
    await expect
      .poll(() => summary.textContent())
      .toBe(
        `Read 1 record of ${shard} from where the previous read ended. These reach the newest record of the shard.`,
      );
    expect(await records.locator('tbody tr pre').allTextContents()).toEqual(['click 1001']);
  });

  it('lists pipes with their states, sources and targets', async () => {
    await page.goto(`${t.baton.url}/pipes`);
    const table = page.getByRole('table', { name: 'Pipes' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    const rides = table.locator('tr[data-pipe="rides-to-dispatch"]');
    expect(await rides.getByTestId('current-state').textContent()).toBe('RUNNING');
    expect(await rides.getByTestId('desired-state').textContent()).toBe('RUNNING');
    expect(await rides.getByRole('link', { name: 'rides', exact: true }).getAttribute('href')).toBe(
      `/streams/${encodeURIComponent(ridesArn)}`,
    );
    expect(await rides.getByRole('link', { name: 'dispatches', exact: true }).getAttribute('href')).toBe(
      `/queues/${encodeURIComponent(arn('sqs', 'dispatches'))}`,
    );
    expect(await rides.getByRole('link', { name: 'enrich', exact: true }).count()).toBe(1);
    const orders = table.locator('tr[data-pipe="orders-to-bus"]');
    expect(await orders.getByTestId('current-state').textContent()).toBe('STOPPED');
    expect(await orders.getByTestId('desired-state').textContent()).toBe('STOPPED');
    expect(await orders.getByRole('link', { name: 'orders', exact: true }).count()).toBe(1);
    expect(await orders.getByRole('link', { name: 'default', exact: true }).getAttribute('href')).toBe(
      '/events?bus=default',
    );
    await session.shot('console-pipes');
  });

  it('shows a pipe’s stages, and stops and starts it', async () => {
    await page.goto(`${t.baton.url}/pipes`);
    await page
      .getByRole('table', { name: 'Pipes' })
      .getByRole('link', { name: 'rides-to-dispatch', exact: true })
      .click();
    await page.getByRole('heading', { name: 'rides-to-dispatch', exact: true }).waitFor();
    const stage = (name: string) => page.locator(`.pipe-stage[data-stage="${name}"]`);
    const source = await stage('source').textContent();
    expect(source).toContain('rides');
    expect(source).toContain('Starting position');
    expect(source).toContain('TRIM_HORIZON');
    const sourceParameters = await stage('source')
      .locator('dt')
      .evaluateAll((terms) => Object.fromEntries(terms.map((t) => [t.textContent, t.nextElementSibling?.textContent])));
    // What was given, and the defaults the server filled in.
    expect(sourceParameters).toMatchObject({ 'Starting position': 'TRIM_HORIZON', 'Batch size': '5' });
    // The filter is shown once, on its own, not among the source's parameters.
    expect(source).not.toContain('Filter');
    expect(await stage('filter').locator('pre').textContent()).toBe('{ "data": { "city": ["Lisbon"] } }');
    expect(await stage('enrichment').textContent()).toContain('enrich');
    expect(await stage('target').textContent()).toContain('dispatches');
    expect(await stage('target').locator('pre').textContent()).toBe('{"partition": <$.partitionKey>}');
    expect(await page.getByTestId('current-state').textContent()).toBe('RUNNING');
    await session.shot('console-pipe');

    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    const start = page.getByRole('button', { name: 'Start', exact: true });
    expect(await start.isDisabled()).toBe(true);
    await stop.click();
    await expect.poll(() => page.getByTestId('current-state').textContent()).toBe('STOPPED');
    expect(await page.getByTestId('desired-state').textContent()).toBe('STOPPED');
    expect(await pipeState('rides-to-dispatch')).toEqual(['STOPPED', 'STOPPED']);
    expect(await stop.isDisabled()).toBe(true);
    await session.shot('console-pipe-stopped');

    await start.click();
    await expect.poll(() => page.getByTestId('current-state').textContent()).toBe('RUNNING');
    expect(await page.getByTestId('desired-state').textContent()).toBe('RUNNING');
    expect(await pipeState('rides-to-dispatch')).toEqual(['RUNNING', 'RUNNING']);

    // The source links to the stream's page.
    await stage('source').getByRole('link', { name: 'rides', exact: true }).click();
    await page.getByRole('table', { name: 'Shards' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/streams/${encodeURIComponent(ridesArn)}`);
  });
});
