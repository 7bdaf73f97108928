/**
 * The talk's KYC choreography end to end (examples/kyc): an AccountRequested event on the bus
 * starts the KYC workflow through a rule; the workflow publishes AccountApproved or
 * AccountRejected with the events:putEvents task; separate rules route those to the account
 * domain and the customer-service domain (SQS queues here). Nothing calls anything directly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FunctionHandler } from '../../src/integrations/index.js';
import { credentials, eventually } from '../support/baton.js';
import { type EventsBaton, startEventsBaton } from './support.js';

const example = resolve(fileURLToPath(import.meta.url), '../../../../../examples/kyc');

let t: EventsBaton;
let sqs: SQSClient;
let accountQueue = '';
let customerServiceQueue = '';

beforeAll(async () => {
  const functions = (await import(resolve(example, 'functions.mjs'))) as Record<string, FunctionHandler>;
  t = await startEventsBaton([], {}, { functions });
  sqs = new SQSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  await t.sfn.send(
    new CreateStateMachineCommand({
      name: 'kyc',
      definition: readFileSync(resolve(example, 'definition.json'), 'utf8'),
      roleArn: `arn:aws:iam::${t.account}:role/kyc`,
    }),
  );
  accountQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'account-domain' }))).QueueUrl!;
  customerServiceQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'customer-service' }))).QueueUrl!;
  const rule = async (name: string, pattern: object, arn: string) => {
    await t.events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern) }));
    await t.events.send(
      new PutTargetsCommand({
        Rule: name,
        Targets: [{ Id: name, Arn: arn, RoleArn: `arn:aws:iam::${t.account}:role/events` }],
      }),
    );
  };
  await rule(
    'kyc-requested',
    { source: ['account.service'], 'detail-type': ['AccountRequested'] },
    t.arn.machine('kyc'),
  );
  await rule(
    'kyc-approved',
    { source: ['kyc.service'], 'detail-type': ['AccountApproved'] },
    t.arn.queue('account-domain'),
  );
  await rule(
    'kyc-rejected',
    { source: ['kyc.service'], 'detail-type': ['AccountRejected'] },
    t.arn.queue('customer-service'),
  );
});
afterAll(async () => {
  sqs.destroy();
  await t.close();
});

async function next(queueUrl: string) {
  return eventually(async () => {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
    return r.Messages?.[0]
      ? (JSON.parse(r.Messages[0].Body!) as { 'detail-type': string; detail: Record<string, unknown> })
      : undefined;
  }, 10_000);
}

it('routes an approved applicant to the account domain and a rejected one to customer service', async () => {
  const request = (detail: object) => ({
    Source: 'account.service',
    DetailType: 'AccountRequested',
    Detail: JSON.stringify(detail),
  });
  await t.events.send(
    new PutEventsCommand({
      Entries: [
        request({ accountId: 'acc-ok', documentId: 'P123', country: 'NL' }),
        request({ accountId: 'acc-risky', documentId: 'P456', country: 'XX' }),
      ],
    }),
  );
  const approved = await next(accountQueue);
  expect(approved).toMatchObject({
    source: 'kyc.service',
    'detail-type': 'AccountApproved',
    detail: { accountId: 'acc-ok', riskLevel: 'LOW' },
  });
  const rejected = await next(customerServiceQueue);
  expect(rejected).toMatchObject({
    'detail-type': 'AccountRejected',
    detail: { accountId: 'acc-risky', identityVerified: true, reason: 'sanctioned country' },
  });
  const executions = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arn.machine('kyc') }));
  expect(executions.executions?.map((e) => e.status).sort()).toEqual(['SUCCEEDED', 'SUCCEEDED']);
});
