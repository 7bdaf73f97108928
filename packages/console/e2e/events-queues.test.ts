/**
 * End-to-end: events, queues, topics and the event map in the console, in headless Chromium
 * against a real Baton server (see support.ts), set up with the official AWS SDK clients: match an
 * event in the pattern sandbox, redrive a dead-letter queue, read a topic's filter policies, and
 * see the talk's KYC choreography on the event map. Screenshots go to test-results/screenshots/.
 */
import {
  CreateArchiveCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually, type TestBaton } from '../../baton/test/support/baton.js';
import { type ConsoleSession, chromiumAvailable, openConsole, suiteTitle } from './support.js';

/** The KYC workflow of the talk, reduced: it approves every applicant and says so on the bus. */
const kycDefinition = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::events:putEvents',
      Parameters: { Entries: [{ Source: 'kyc', DetailType: 'AccountApproved', 'Detail.$': '$.detail' }] },
      End: true,
    },
  },
};

describe.skipIf(!chromiumAvailable)(suiteTitle('events and queues in headless Chromium'), { timeout: 120_000 }, () => {
  let session: ConsoleSession;
  let t: TestBaton;
  let page: Page;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  let queueArn: (name: string) => string;
  let busArn: string;
  const url: Record<string, string> = {};

  const depth = async (queue: string) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url[queue], AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(out.Attributes?.ApproximateNumberOfMessages);
  };

  beforeAll(async () => {
    session = await openConsole({ busDelivery: { pollMs: 50 } });
    ({ t, page } = session);
    const client = { endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 };
    events = new EventBridgeClient(client);
    sqs = new SQSClient(client);
    sns = new SNSClient(client);
    queueArn = (name) => `arn:aws:sqs:${t.region}:${t.account}:${name}`;
    busArn = `arn:aws:events:${t.region}:${t.account}:event-bus/default`;

    for (const name of ['payments-dlq', 'audit', 'accounts']) {
      url[name] = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    }
    const redrive = JSON.stringify({ deadLetterTargetArn: queueArn('payments-dlq'), maxReceiveCount: 1 });
    url.payments = (
      await sqs.send(new CreateQueueCommand({ QueueName: 'payments', Attributes: { RedrivePolicy: redrive } }))
    ).QueueUrl!;

    const kyc = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'kyc',
        definition: JSON.stringify(kycDefinition),
        roleArn: `arn:aws:iam::${t.account}:role/r`,
      }),
    );
    const rule = async (name: string, pattern: object, target: string) => {
      await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern) }));
      await events.send(
        new PutTargetsCommand({
          Rule: name,
          Targets: [{ Id: name, Arn: target, RoleArn: `arn:aws:iam::${t.account}:role/events` }],
        }),
      );
    };
    await rule('onboarding', { source: ['signup'], 'detail-type': ['AccountRequested'] }, kyc.stateMachineArn!);
    await rule(
      'big-orders',
      { source: ['shop.orders'], detail: { total: [{ numeric: ['>', 100] }] } },
      queueArn('audit'),
    );
    await rule('eu-orders', { source: ['shop.orders'], detail: { country: ['DE', 'FR'] } }, queueArn('audit'));
    await rule('approved-accounts', { source: ['kyc'], 'detail-type': ['AccountApproved'] }, queueArn('accounts'));

    const topic = await sns.send(new CreateTopicCommand({ Name: 'orders' }));
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: 'sqs',
        Endpoint: queueArn('audit'),
        Attributes: {
          FilterPolicyScope: 'MessageBody',
          FilterPolicy: JSON.stringify({ total: [{ numeric: ['>=', 1000] }] }),
          RawMessageDelivery: 'true',
        },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    events?.destroy();
    sqs?.destroy();
    sns?.destroy();
    await session?.close();
  });

  it('lists the rules of a bus, and matches an event in the pattern sandbox', async () => {
    await page.goto(`${t.baton.url}/events`);
    const rules = page.getByRole('table', { name: 'Rules' });
    await rules.locator('tr[data-rule="big-orders"]').waitFor();
    expect(await rules.locator('tbody tr').count()).toBe(4);
    expect(await rules.locator('tr[data-rule="onboarding"]').textContent()).toContain('kyc');
    await session.shot('console-events-rules');
    await page.getByRole('tab', { name: 'Pattern sandbox' }).click();
    // The sample event: shop.orders, total 120, country NL.
    expect(await page.getByLabel('Event', { exact: true }).inputValue()).toContain('"total": 120');
    await page.getByRole('button', { name: 'Test against 4 rules' }).click();
    const verdicts = page.getByRole('list', { name: 'Verdicts' });
    await verdicts.locator('.verdict').first().waitFor();
    expect(await verdicts.locator('.verdict-matches').count()).toBe(1);
    expect(await verdicts.locator('.verdict[data-rule="big-orders"]').getAttribute('class')).toContain('matches');
    expect(await verdicts.locator('.verdict[data-rule="big-orders"]').textContent()).toContain('audit');
    expect(await verdicts.locator('.verdict[data-rule="eu-orders"] .why-message').textContent()).toBe(
      'detail.country is "NL"; the pattern wants "DE" or "FR".',
    );
    expect(await verdicts.locator('.verdict[data-rule="onboarding"] .why-message').textContent()).toBe(
      // Fields are tried in path order: detail-type comes before source.
      'detail-type is "OrderPlaced"; the pattern wants "AccountRequested".',
    );
    await page.getByRole('button', { name: 'Put on default' }).click();
    await page.getByRole('status').filter({ hasText: 'Put with EventId' }).waitFor();
    await session.shot('console-events-sandbox');
    // The rule that matched delivered it.
    await eventually(async () => ((await depth('audit')) === 1 ? true : undefined));
  });

  it('shows a dead-letter queue’s messages without receiving them, and redrives it', async () => {
    for (const n of [1, 2, 3]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url.payments, MessageBody: JSON.stringify({ payment: n }) }));
    }
    // Received once and not deleted: the next receive moves each to the dead-letter queue (maxReceiveCount 1).
    await eventually(async () => {
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url.payments, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      );
      return (await depth('payments-dlq')) === 3 ? true : undefined;
    });
    await page.goto(`${t.baton.url}/queues`);
    const row = page.locator('tr[data-queue="payments-dlq"]');
    await expect.poll(() => row.getByTestId('visible').textContent()).toBe('3');
    expect(await page.locator('tr[data-queue="payments"]').textContent()).toContain('after 1 receives');
    expect(await row.textContent()).toContain('payments');
    await session.shot('console-queues');

    await row.getByRole('link', { name: 'payments-dlq' }).click();
    await page.getByRole('heading', { name: 'payments-dlq' }).waitFor();
    const peeked = page.getByRole('table', { name: 'Peeked messages' });
    await expect.poll(() => peeked.locator('tbody tr').count()).toBe(3);
    expect(await peeked.textContent()).toContain('from payments');
    // Peeking again changes nothing: the moved messages were never received in the dead-letter queue.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => peeked.locator('tbody tr').count()).toBe(3);
    expect(await peeked.locator('tbody tr td.number').allTextContents()).toEqual(['0', '0', '0']);
    await session.shot('console-queue-dlq');

    await page.getByRole('button', { name: 'Start redrive' }).click();
    const tasks = page.getByRole('table', { name: 'Move tasks' });
    await tasks.locator('tr[data-status="COMPLETED"]').waitFor();
    expect(await tasks.getByTestId('moved').first().textContent()).toBe('3 of 3');
    await expect.poll(() => page.getByTestId('visible').textContent()).toBe('0');
    expect(await depth('payments')).toBe(3);
    await session.shot('console-queue-redriven');
  });

  it('shows a topic’s subscriptions with their filter policies', async () => {
    await page.goto(`${t.baton.url}/queues`);
    await page.getByRole('table', { name: 'Topics' }).getByRole('link', { name: 'orders' }).click();
    const subscriptions = page.getByRole('table', { name: 'Subscriptions' });
    await subscriptions.waitFor();
    const text = await subscriptions.textContent();
    expect(text).toContain('audit');
    expect(text).toContain('on the message body');
    expect(text).toContain('"numeric"');
    expect(text).toContain('raw message');
    await session.shot('console-topic');
  });

  it('draws the event map: producers, events, the bus, rules, targets and a workflow that emits events', async () => {
    await events.send(
      new PutEventsCommand({
        Entries: ['ada', 'grace'].map((name) => ({
          Source: 'signup',
          DetailType: 'AccountRequested',
          Detail: JSON.stringify({ name }),
        })),
      }),
    );
    // Both onboardings ran and approved: two AccountApproved events reached the accounts queue.
    await eventually(async () => ((await depth('accounts')) === 2 ? true : undefined), 10_000);
    const kycArn = `arn:aws:states:${t.region}:${t.account}:stateMachine:kyc`;
    const runs = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: kycArn }));
    expect(runs.executions?.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);

    // From any page, `g` then `m` opens the map.
    await page.goto(`${t.baton.url}/queues`);
    await page.getByRole('heading', { name: 'Queues and topics' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    await page.getByRole('heading', { name: 'Event map' }).waitFor();
    await page.locator('.event-map[data-laid-out="yes"]').waitFor();
    const sticky = (id: string) => page.locator(`.sticky[data-node="${id}"]`);
    await sticky('producer:signup').waitFor();
    await expect.poll(() => sticky('producer:signup').getByTestId('count').textContent()).toBe('2 events');
    expect(
      await sticky(`rule:arn:aws:events:${t.region}:${t.account}:rule/onboarding`).getByTestId('count').textContent(),
    ).toBe('2 matched');
    expect(await sticky(`workflow:${kycArn}`).textContent()).toContain('kyc');
    await expect
      .poll(() => sticky(`event:${busArn}|kyc|AccountApproved`).getByTestId('count').textContent())
      .toBe('2 events');
    await sticky(`target:${queueArn('accounts')}`).waitFor();
    // The event put from the sandbox is there too, from its producer.
    await sticky('producer:shop.orders').waitFor();
    await session.shot('console-event-map');
    await page.keyboard.press('t'); // the theme shortcut
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await session.shot('console-event-map-dark');
    await page.keyboard.press('t');
  });

  it('lists a bus’s archives when the server has them, and says so when it does not', async () => {
    // Archives are being built in another part of the project: both answers are honest.
    const archived = await events
      .send(new CreateArchiveCommand({ ArchiveName: 'default-all', EventSourceArn: busArn, RetentionDays: 7 }))
      .then(
        () => true,
        (e: Error) => {
          if (e.name !== 'UnknownOperationException') throw e;
          return false;
        },
      );
    await page.goto(`${t.baton.url}/events?tab=archives`);
    if (archived) await page.getByRole('table', { name: 'Archives' }).getByText('default-all').waitFor();
    else await page.getByRole('heading', { name: 'Archives are not available on this server' }).waitFor();
    await session.shot('console-events-archives');
  });
});
