/**
 * Step Functions clients pointed at Baton (or at AWS), and the activity ARNs a worker polls.
 */
import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';

/** Where a client sends its requests. Without `endpoint` it talks to AWS with the SDK's defaults. */
export interface SfnClientOptions {
  /** Baton's URL, e.g. `http://127.0.0.1:22866`. */
  readonly endpoint?: string;
  /** Default: `us-east-1` with an `endpoint` (Baton's default), otherwise the SDK's (`AWS_REGION`). */
  readonly region?: string;
  /**
   * Default: placeholder keys with an `endpoint` (Baton accepts any unless it runs with `--auth`),
   * otherwise the SDK's credential chain.
   */
  readonly credentials?: SFNClientConfig['credentials'];
  /**
   * Connections per host. The SDK's default of 50 is too few when long polls hold every socket:
   * heartbeats and results would then queue behind polls that last up to 60 seconds.
   */
  readonly maxSockets?: number;
}

/** The account in Baton's ARNs unless the server runs with `--account`. */
export const BATON_ACCOUNT = '123456789012';

const LOCAL_CREDENTIALS = { accessKeyId: 'baton', secretAccessKey: 'baton' };

/**
 * An official `SFNClient` set up for Baton: the endpoint, a region, placeholder credentials and
 * `disableHostPrefix` (StartSyncExecution otherwise sends its request to the host
 * `sync-<endpoint host>`, which does not resolve locally).
 *
 * @example
 * const sfn = createSfnClient({ endpoint: 'http://127.0.0.1:22866' });
 * await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
 */
export function createSfnClient(options: SfnClientOptions = {}): SFNClient {
  const local = options.endpoint !== undefined;
  const region = options.region ?? (local ? 'us-east-1' : undefined);
  const credentials = options.credentials ?? (local ? LOCAL_CREDENTIALS : undefined);
  const maxSockets = options.maxSockets ?? 50;
  return new SFNClient({
    ...(local ? { endpoint: options.endpoint, disableHostPrefix: true } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    requestHandler: { httpAgent: { maxSockets }, httpsAgent: { maxSockets } },
  });
}

/**
 * The ARN an activity key names: a full ARN is used as it is; a name becomes
 * `arn:aws:states:<region>:<account>:activity:<name>`, the ARN CreateActivity gives it.
 */
export function activityArnOf(key: string, region: string, account: string): string {
  if (key.startsWith('arn:')) {
    if (!/^arn:[\w-]+:states:[\w-]+:\d{12}:activity:[^:]+$/.test(key)) throw new Error(`not an activity ARN: ${key}`);
    return key;
  }
  if (key === '' || key.length > 80 || /[\s:*?"<>{}[\]#%\\^|~`$&,;/]/.test(key)) {
    throw new Error(`not a valid activity name (1 to 80 characters, no spaces or ARN punctuation): ${key}`);
  }
  return `arn:aws:states:${region}:${account}:activity:${key}`;
}
