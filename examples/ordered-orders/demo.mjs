// Publishes order-created and order-updated events for three orders, interleaved, to the
// orders.fifo topic (message group = order id), then processes the order-events.fifo queue: each
// order's events arrive in the order they were published, so an update never finds its order
// missing. Run `npm start` first, then `node examples/ordered-orders/demo.mjs`.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const endpoint = process.env.BATON_URL ?? 'http://127.0.0.1:22866';
const region = process.env.AWS_REGION ?? 'us-east-1';
const account = process.env.BATON_ACCOUNT ?? '123456789012';
const config = { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const sns = new SNSClient(config);
const sqs = new SQSClient(config);

const topicArn = `arn:aws:sns:${region}:${account}:orders.fifo`;
const run = Date.now().toString(36);
const orders = ['a', 'b', 'c'].map((o) => `order-${o}-${run}`);
const events = [];
for (const orderId of orders) {
  events.push({ type: 'order-created', orderId, items: 1 });
  events.push({ type: 'order-updated', orderId, items: 2 });
  events.push({ type: 'order-updated', orderId, items: 3 });
}
// One publisher per order, all at once: order holds within each order, not across them.
await Promise.all(
  orders.map(async (orderId) => {
    for (const event of events.filter((e) => e.orderId === orderId)) {
      const r = await sns.send(
        new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(event), MessageGroupId: orderId }),
      );
      console.log(`published ${event.type} ${orderId} (sequence ${r.SequenceNumber})`);
    }
  }),
);

const QueueUrl = `${endpoint}/${account}/order-events.fifo`;
const state = new Map();
let processed = 0;
while (processed < events.length) {
  const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
  if (!r.Messages?.length) break;
  for (const m of r.Messages) {
    const event = JSON.parse(JSON.parse(m.Body).Message);
    if (event.type === 'order-created') state.set(event.orderId, event);
    else if (!state.has(event.orderId)) throw new Error(`${event.orderId} updated before it was created`);
    else state.set(event.orderId, { ...state.get(event.orderId), items: event.items });
    console.log(`processed ${event.type} ${event.orderId} -> items ${state.get(event.orderId).items}`);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    processed++;
  }
}
console.log(
  `${processed} events processed in order; final items: ${orders.map((o) => state.get(o)?.items).join(', ')}`,
);
sns.destroy();
sqs.destroy();
