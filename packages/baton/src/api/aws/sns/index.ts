/**
 * @module api/aws/sns
 * The SNS API on the Query protocol (`Action=Publish&Version=2010-03-31&…`, XML answers): one table
 * of operations over the topic service (topics, subscriptions, publishing, tags). Errors of the
 * topic domain (TopicError) are translated once (errors.ts), where the protocol catches; the
 * certificate message signatures verify with is served at `/baton/sns/<SigningCertURL file>`.
 */
import type { TopicService } from '../../../messaging/topics/index.js';
import type { QueryService } from '../query-protocol.js';
import type { SnsDeps } from './deps.js';
import { publishOperations } from './publish.js';
import { snsQueryService } from './query.js';
import { subscriptionOperations } from './subscriptions.js';
import { topicOperations } from './topics.js';

export type { SnsDeps } from './deps.js';
export { deployExampleTopics } from './examples.js';

export function snsService(deps: SnsDeps): QueryService {
  const operations = {
    ...topicOperations(deps),
    ...subscriptionOperations(deps),
    ...publishOperations(deps),
  };
  return snsQueryService(operations, certificate(deps.topics));
}

function certificate(topics: TopicService) {
  return {
    read(name: string) {
      return name === topics.signer.certificateName
        ? { contentType: 'application/x-pem-file', body: topics.signer.certificate }
        : undefined;
    },
  };
}
