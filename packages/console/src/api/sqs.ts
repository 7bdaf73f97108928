/**
 * A small typed client for the SQS API (AWS JSON 1.0, `X-Amz-Target: AmazonSQS.*`): queues, their
 * attributes and dead-letter relations, and redrive (StartMessageMoveTask, ListMessageMoveTasks).
 */
import { allPages, awsJson, page } from './http.js';

const call = awsJson('AmazonSQS', '1.0');

/** A queue with its attributes as GetQueueAttributes (`All`) answers them: strings. */
export interface Queue {
  readonly url: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface MoveTask {
  readonly TaskHandle?: string;
  readonly Status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';
  readonly SourceArn: string;
  readonly DestinationArn?: string;
  readonly ApproximateNumberOfMessagesMoved: number;
  readonly ApproximateNumberOfMessagesToMove?: number;
  readonly FailureReason?: string;
  /** Epoch milliseconds, as SQS sends it. */
  readonly StartedTimestamp: number;
}

export const queueName = (url: string) => decodeURIComponent(url.split('/').at(-1) ?? url);

export const sqs = {
  queueUrls: () =>
    allPages(async (nextToken) => {
      const out = await call<{ QueueUrls?: string[]; NextToken?: string }>('ListQueues', {
        MaxResults: 1000,
        ...(nextToken ? { NextToken: nextToken } : {}),
      });
      return page(out.QueueUrls, out.NextToken);
    }),

  async queue(url: string): Promise<Queue> {
    const out = await call<{ Attributes?: Record<string, string> }>('GetQueueAttributes', {
      QueueUrl: url,
      AttributeNames: ['All'],
    });
    return { url, name: queueName(url), attributes: out.Attributes ?? {} };
  },

  async queueArn(url: string): Promise<string> {
    const out = await call<{ Attributes?: Record<string, string> }>('GetQueueAttributes', {
      QueueUrl: url,
      AttributeNames: ['QueueArn'],
    });
    return out.Attributes?.QueueArn ?? '';
  },

  async queues(): Promise<Queue[]> {
    const urls = await sqs.queueUrls();
    return Promise.all(urls.map((url) => sqs.queue(url)));
  },

  async queueUrl(name: string, ownerAccount?: string): Promise<string> {
    const out = await call<{ QueueUrl: string }>('GetQueueUrl', {
      QueueName: name,
      ...(ownerAccount ? { QueueOwnerAWSAccountId: ownerAccount } : {}),
    });
    return out.QueueUrl;
  },

  deadLetterSources: (url: string) =>
    allPages(async (nextToken) => {
      const out = await call<{ queueUrls?: string[]; NextToken?: string }>('ListDeadLetterSourceQueues', {
        QueueUrl: url,
        MaxResults: 1000,
        ...(nextToken ? { NextToken: nextToken } : {}),
      });
      return page(out.queueUrls, out.NextToken);
    }),

  /** Moves a dead-letter queue's messages back to their sources (or to `destinationArn`). */
  async startMoveTask(sourceArn: string, destinationArn?: string): Promise<string> {
    const out = await call<{ TaskHandle: string }>('StartMessageMoveTask', {
      SourceArn: sourceArn,
      ...(destinationArn ? { DestinationArn: destinationArn } : {}),
    });
    return out.TaskHandle;
  },

  async moveTasks(sourceArn: string): Promise<MoveTask[]> {
    const out = await call<{ Results?: MoveTask[] }>('ListMessageMoveTasks', { SourceArn: sourceArn, MaxResults: 10 });
    return out.Results ?? [];
  },
};

/** A queue's RedrivePolicy: where its messages go after maxReceiveCount receives. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

export function redrivePolicy(queue: Queue): RedrivePolicy | undefined {
  const raw = queue.attributes.RedrivePolicy;
  if (!raw) return undefined;
  try {
    const policy = JSON.parse(raw) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    if (typeof policy.deadLetterTargetArn !== 'string') return undefined;
    return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: Number(policy.maxReceiveCount) };
  } catch {
    return undefined;
  }
}

/** Message counts from a queue's approximate attributes. */
export function depthOf(queue: Queue): { visible: number; inFlight: number; delayed: number } {
  const n = (name: string) => Number(queue.attributes[name] ?? 0);
  return {
    visible: n('ApproximateNumberOfMessages'),
    inFlight: n('ApproximateNumberOfMessagesNotVisible'),
    delayed: n('ApproximateNumberOfMessagesDelayed'),
  };
}
