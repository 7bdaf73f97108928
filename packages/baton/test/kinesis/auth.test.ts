/**
 * SigV4 over the Kinesis client's HTTP/2 requests: with `--auth`, signed requests pass and
 * requests signed with an unknown key are refused, as on the other APIs.
 */
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { expect, it } from 'vitest';
import { useKinesisBaton } from './support.js';

const t = useKinesisBaton({ auth: true, accessKeys: 'AKIDTEST:secret' });

it('verifies SigV4 signatures on HTTP/2 requests', async () => {
  await t.kinesis.send(new CreateStreamCommand({ StreamName: 'signed', ShardCount: 1 }));
  expect((await t.kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual(['signed']);
  const stranger = new KinesisClient({
    endpoint: t.baton.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'nope' },
    maxAttempts: 1,
  });
  await expect(stranger.send(new ListStreamsCommand({}))).rejects.toThrow();
  stranger.destroy();
});
