/** A link to the console's page for an ARN a rule, subscription or map points at, with its kind. */
import { type TargetKind, targetKind } from '../api/events.js';
import { Link, paths } from '../router.js';
import { arnName } from './components.js';

const KIND_LABEL: Record<TargetKind, string> = {
  workflow: 'workflow',
  queue: 'queue',
  topic: 'topic',
  stream: 'stream',
  function: 'function',
  bus: 'bus',
  archive: 'archive',
  other: 'target',
};

/** The page of a resource, when the console has one. */
export function pageOf(arn: string): string | undefined {
  switch (targetKind(arn)) {
    case 'workflow':
      return paths.workflow(arn);
    case 'queue':
      return paths.queue(arn);
    case 'topic':
      return paths.topic(arn);
    case 'stream':
      return paths.stream(arn);
    case 'bus':
      return paths.events({ bus: arn.split('event-bus/')[1] });
    default:
      return undefined;
  }
}

/** The readable name of a resource ARN (`…:event-bus/orders` → `orders`, `…:function:f` → `f`). */
export function resourceName(arn: string): string {
  return arnName(arn).split('/').at(-1) ?? arn;
}

export function ResourceLink({ arn }: { arn: string }) {
  const href = pageOf(arn);
  const name = resourceName(arn);
  return (
    <span className="resource" title={arn}>
      <span className={`tag kind-${targetKind(arn)}`}>{KIND_LABEL[targetKind(arn)]}</span>{' '}
      {href ? <Link href={href}>{name}</Link> : <span>{name}</span>}
    </span>
  );
}
