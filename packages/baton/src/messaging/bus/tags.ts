/**
 * Tags on the bus's resources, buses and rules (API reference: TagResource, UntagResource,
 * ListTagsForResource): at most 50 per resource, dropped with the resource.
 */
import type { TagStore } from '../../store/port.js';
import { busErrors } from './errors.js';

const MAX_TAGS = 50;

export class ResourceTags {
  constructor(private readonly store: TagStore) {}

  list(arn: string): Promise<Record<string, string>> {
    return this.store.list(arn);
  }

  /** Adds or replaces tags; LimitExceeded when the resource would hold more than 50. */
  async add(arn: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    const existing = await this.store.list(arn);
    if (new Set([...Object.keys(existing), ...Object.keys(tags)]).size > MAX_TAGS) throw busErrors.tooManyTags();
    await this.store.put(arn, tags);
  }

  remove(arn: string, keys: readonly string[]): Promise<void> {
    return this.store.remove(arn, keys);
  }

  /** Removes every tag of a deleted resource. */
  async drop(arn: string): Promise<void> {
    const keys = Object.keys(await this.store.list(arn));
    if (keys.length > 0) await this.store.remove(arn, keys);
  }
}
