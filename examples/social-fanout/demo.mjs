// Publishes two posts to the post-created topic and shows what each queue received: every post
// reaches the activity feed and the timeline, only the one that mentions someone reaches push
// notifications. Run `npm start` first, then `node examples/social-fanout/demo.mjs`.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const endpoint = process.env.BATON_URL ?? 'http://127.0.0.1:22866';
const region = process.env.AWS_REGION ?? 'us-east-1';
const account = process.env.BATON_ACCOUNT ?? '123456789012';
const config = { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const sns = new SNSClient(config);
const sqs = new SQSClient(config);

const topicArn = `arn:aws:sns:${region}:${account}:post-created`;
const posts = [
  { postId: 'p-1', author: 'ada', text: 'Shipping the new compiler today' },
  { postId: 'p-2', author: 'grace', text: 'Nice work @ada!', mentions: ['ada'] },
];
for (const post of posts) {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(post), Subject: 'post-created' }));
  console.log(`published ${post.postId}`);
}

for (const queue of ['activity-feed', 'push-notifications', 'timeline']) {
  const QueueUrl = `${endpoint}/${account}/${queue}`;
  const got = [];
  // Deliveries are asynchronous: poll briefly until the posts that match have arrived.
  for (let i = 0; i < 5; i++) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of r.Messages ?? []) {
      // timeline keeps SNS's envelope; the others asked for the bare message (RawMessageDelivery).
      const body = JSON.parse(m.Body);
      got.push(JSON.parse(body.Type === 'Notification' ? body.Message : m.Body).postId);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
    // Both posts arrived, or nothing more came after the first one.
    if (got.length >= 2 || (got.length > 0 && !r.Messages?.length)) break;
  }
  console.log(`${queue}: ${got.sort().join(', ') || '(nothing)'}`);
}
sns.destroy();
sqs.destroy();
