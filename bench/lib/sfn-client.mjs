import { SFNClient } from '@aws-sdk/client-sfn';

/** The official AWS SDK client for Step Functions, pointed at a local Baton. */
export function sfnClient(url, concurrency) {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    // StartSyncExecution carries the `sync-` host prefix, which a local endpoint does not have.
    disableHostPrefix: true,
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: concurrency } },
  });
}
