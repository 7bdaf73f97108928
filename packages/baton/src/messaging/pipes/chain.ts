/**
 * One pipe's processing of a batch, after the source and before the source acknowledges it:
 * the filter (which records go on), the enrichment (user guide, "Enrichment": a function or an
 * Express workflow called with the batch, whose answer replaces it — an empty answer ends the
 * batch there), the input templates, and the delivery to the target. Compiled once per runner
 * (and at CreatePipe, which is how a bad template is refused before anything runs).
 */
import type { Clock, Json } from '../../kernel/index.js';
import { type BatchOutcome, batchIdOf, type DeliveryDeps, deliver, SUCCEEDED, type TargetItem } from './deliver.js';
import { compileFilter, type RecordFilter } from './filter.js';
import type { SourceRecord } from './records.js';
import type { PipeSettings } from './settings.js';
import { compilePipeTemplate, type PipeTemplate, type TemplatePipe } from './template.js';

export interface ChainDeps extends DeliveryDeps {
  readonly clock: Clock;
}

/** What an event looks like between the steps: as received, and decoded for templates and paths. */
interface Step {
  readonly received: Json;
  readonly decoded: Json;
  readonly recordId?: string;
}

export class PipeChain {
  private readonly filter: RecordFilter;
  private readonly enrichmentTemplate: PipeTemplate | undefined;
  private readonly targetTemplate: PipeTemplate | undefined;
  private readonly eventSource: string;

  constructor(
    private readonly pipe: { readonly arn: string; readonly name: string },
    private readonly settings: PipeSettings,
    private readonly deps: ChainDeps,
  ) {
    const reserved: TemplatePipe = {
      pipeArn: pipe.arn,
      pipeName: pipe.name,
      sourceArn: settings.source.arn,
      targetArn: settings.target.arn,
      ...(settings.enrichment ? { enrichmentArn: settings.enrichment.arn } : {}),
    };
    this.filter = compileFilter(settings.filters);
    const enrichment = settings.enrichment?.inputTemplate;
    this.enrichmentTemplate =
      enrichment === undefined
        ? undefined
        : compilePipeTemplate(enrichment, 'enrichmentParameters.inputTemplate', reserved);
    const target = settings.target.inputTemplate;
    this.targetTemplate =
      target === undefined ? undefined : compilePipeTemplate(target, 'targetParameters.inputTemplate', reserved);
    this.eventSource = settings.source.kind === 'sqs' ? 'aws:sqs' : 'aws:kinesis';
  }

  /** The records the pipe processes; the rest are dropped (and acknowledged) by the source. */
  matching(records: readonly SourceRecord[]): SourceRecord[] {
    return records.filter((r) => this.filter.matches(r));
  }

  /** Enriches and delivers a batch of matching records. */
  async run(records: readonly SourceRecord[], signal: AbortSignal): Promise<BatchOutcome> {
    let steps: Step[] = records.map((r) => ({ received: r.received, decoded: r.decoded, recordId: r.id }));
    const enrichment = this.settings.enrichment;
    if (enrichment) {
      const now = this.deps.clock.now();
      const input = steps.map((s) => (this.enrichmentTemplate ? this.enrichmentTemplate.render(s, now) : s.received));
      const answer = await this.deps.calls.call(enrichment.arn, input, signal);
      if (answer.kind === 'failed') return answer;
      steps = enrichedItems(answer.output).map((item) => ({ received: item, decoded: item }));
      if (steps.length === 0) return SUCCEEDED;
    }
    const now = this.deps.clock.now();
    const items: TargetItem[] = steps.map((s) => ({
      payload: this.targetTemplate ? this.targetTemplate.render(s, now) : s.received,
      decoded: s.decoded,
      ...(s.recordId !== undefined ? { recordId: s.recordId } : {}),
    }));
    const ids = records.map((r) => r.id);
    return deliver(
      this.settings.target,
      {
        pipeArn: this.pipe.arn,
        pipeName: this.pipe.name,
        id: batchIdOf(ids),
        recordIds: new Set(ids),
        items,
        eventSource: this.eventSource,
        signal,
      },
      this.deps,
    );
  }
}

/**
 * An enrichment's answer as the batch that goes on (user guide, "Filtering events using
 * enrichment"): an array is the new batch, an empty answer (`""`, `{}`, `[]`, nothing) ends it,
 * any other value is a batch of one.
 */
function enrichedItems(output: Json): Json[] {
  if (Array.isArray(output)) return output;
  if (output === null || output === '') return [];
  if (typeof output === 'object' && Object.keys(output).length === 0) return [];
  return [output];
}
