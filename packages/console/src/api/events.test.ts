import { describe, expect, it } from 'vitest';
import { targetKind } from './events.js';

describe('targetKind', () => {
  it('names the kind of resource an ARN is, for labels and links', () => {
    expect(targetKind('arn:aws:states:us-east-1:1:stateMachine:kyc')).toBe('workflow');
    expect(targetKind('arn:aws:sqs:us-east-1:1:audit')).toBe('queue');
    expect(targetKind('arn:aws:sns:us-east-1:1:orders')).toBe('topic');
    expect(targetKind('arn:aws:kinesis:us-east-1:1:stream/rides')).toBe('stream');
    // A consumer of a stream is not the stream.
    expect(targetKind('arn:aws:kinesis:us-east-1:1:stream/rides/consumer/c:1')).toBe('other');
    expect(targetKind('arn:aws:lambda:us-east-1:1:function:f')).toBe('function');
    expect(targetKind('arn:aws:events:us-east-1:1:event-bus/default')).toBe('bus');
    expect(targetKind('arn:aws:events:us-east-1:1:archive/all')).toBe('archive');
    expect(targetKind('arn:aws:firehose:us-east-1:1:deliverystream/d')).toBe('other');
  });
});
