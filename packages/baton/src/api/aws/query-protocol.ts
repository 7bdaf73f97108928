/**
 * The AWS Query protocol (Smithy `aws.protocols#awsQuery`): form-encoded requests
 * (`Action=SendMessage&Version=…&Attribute.1.Name=…`, POST body or query string) answered with
 * XML (`<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata><RequestId>`) and errors
 * as `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`. SQS (older SDKs and
 * tools) and SNS speak it. A service supplies its operations (the same ones its JSON protocol
 * runs, so each behaviour exists once), decoding rules from the flat form to the JSON input
 * shape, encoding rules from the JSON output shape to XML, and how its errors are named.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Json, JsonObject } from '../../kernel/index.js';
import { verifySignature } from '../auth.js';
import { AwsError, type DomainErrorTranslation, internalError } from '../errors.js';
import type { Operation, ProtocolDefaults } from './json-protocol.js';
import { requestContext } from './request-context.js';

/** How a form member becomes a JSON member (members without a rule are strings of the same name). */
export type MemberRule =
  | { readonly kind: 'string' | 'number' | 'boolean'; readonly name?: string }
  /** `Name.1`, `Name.2` (or `Name.member.1` with container 'member') → `[…]`. */
  | { readonly kind: 'list'; readonly name: string; readonly container?: string; readonly item?: MemberRules }
  /** `Name.1.Key=k&Name.1.Value=v` (or `.entry.1.key`) → `{k: v}`; the value decoded with `value` rules. */
  | {
      readonly kind: 'map';
      readonly name: string;
      readonly key: string;
      readonly value: string;
      readonly container?: string;
      readonly valueRules?: MemberRules;
    };

export type MemberRules = Readonly<Record<string, MemberRule>>;

/** How a JSON output member is written as XML (members without a rule become `<Member>…</Member>`). */
export type XmlRule =
  | { readonly kind: 'flatList'; readonly item: string; readonly itemRules?: XmlRules }
  | {
      /** `<Item><Key/><Value/></Item>` repeated (SQS); `map`: the same wrapped in `<Member>` (SNS's `<entry>`). */
      readonly kind: 'flatMap' | 'map';
      readonly item: string;
      readonly key: string;
      readonly value: string;
      readonly valueRules?: XmlRules;
    };

export type XmlRules = Readonly<Record<string, XmlRule>>;

export interface QueryError {
  readonly type: 'Sender' | 'Receiver';
  readonly code: string;
  readonly status: number;
}

export interface QueryService {
  /** The XML namespace of responses, e.g. `http://queue.amazonaws.com/doc/2012-11-05/`. */
  readonly xmlns: string;
  /** The API version requests carry in `Version`; a request naming another version is not this service's. */
  readonly version: string;
  readonly operations: Readonly<Record<string, Operation>>;
  /** Form → JSON input of `action`; `path` is the request's path (SQS posts to queue URLs). */
  decode(action: string, form: FormTree, request: FastifyRequest): JsonObject;
  /** JSON output of `action` → the inner XML of `<ActionResult>`, or undefined for none. */
  encode(action: string, output: JsonObject): string | undefined;
  errorOf(error: AwsError): QueryError;
  /** The AwsErrors the service's domain errors (QueueError, TopicError) stand for. */
  readonly domainError?: DomainErrorTranslation;
  /** Paths besides `/` that this service answers (SQS: queue URLs). */
  readonly paths?: readonly string[];
  /**
   * Actions answered without a signature even when auth is on: AWS lets anyone holding the token
   * follow an SNS SubscribeURL (ConfirmSubscription).
   */
  readonly unsigned?: ReadonlySet<string>;
  /** Documents served by GET under `prefix` (SNS: the certificate its message signatures verify with). */
  readonly documents?: {
    readonly prefix: string;
    read(name: string): { readonly contentType: string; readonly body: string } | undefined;
  };
}

/** A form as a tree: `A.1.B=x` becomes `{A: {'1': {B: 'x'}}}`. */
export interface FormTree {
  [key: string]: string | FormTree;
}

export function formTree(params: URLSearchParams): FormTree {
  const root: FormTree = {};
  for (const [key, value] of params) {
    const path = key.split('.');
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      node = typeof next === 'object' ? next : (node[segment] = {});
    }
    const last = path[path.length - 1]!;
    if (typeof node[last] !== 'object') node[last] = value;
  }
  return root;
}

/** The numbered children of a node (`1`, `2`, …) in order. */
function numbered(node: string | FormTree | undefined, container?: string): (string | FormTree)[] {
  let n = node;
  if (container && typeof n === 'object') n = n[container];
  if (typeof n !== 'object') return [];
  return Object.keys(n)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => n[k]!);
}

function scalar(value: string | FormTree | undefined, kind: 'string' | 'number' | 'boolean'): Json | undefined {
  if (typeof value !== 'string') return undefined;
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Decodes a form (sub)tree into a JSON object by `rules`. */
export function decodeMembers(tree: FormTree, rules: MemberRules): JsonObject {
  const out: Record<string, Json> = {};
  for (const [key, node] of Object.entries(tree)) {
    const rule = rules[key];
    if (!rule) {
      if (typeof node === 'string') out[key] = node;
      continue;
    }
    if (rule.kind === 'list') {
      out[rule.name] = numbered(node, rule.container).map((item) =>
        typeof item === 'string' ? item : decodeMembers(item, rule.item ?? {}),
      );
    } else if (rule.kind === 'map') {
      const map: Record<string, Json> = {};
      for (const entry of numbered(node, rule.container)) {
        if (typeof entry !== 'object' || typeof entry[rule.key] !== 'string') continue;
        const value = entry[rule.value];
        map[entry[rule.key] as string] =
          typeof value === 'object' ? decodeMembers(value, rule.valueRules ?? {}) : (value ?? '');
      }
      out[rule.name] = map;
    } else {
      const value = scalar(node, rule.kind);
      if (value !== undefined) out[rule.name ?? key] = value;
    }
  }
  return out;
}

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xmlValue(value: Json, rules: XmlRules): string {
  if (value === null) return '';
  if (typeof value === 'string') return xmlEscape(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => `<member>${xmlValue(v, rules)}</member>`).join('');
  return encodeMembers(value, rules);
}

/** Encodes a JSON object's members as XML elements by `rules`. */
export function encodeMembers(object: JsonObject, rules: XmlRules): string {
  let xml = '';
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || value === null) continue;
    const rule = rules[key];
    if (rule?.kind === 'flatList' && Array.isArray(value)) {
      for (const item of value) xml += `<${rule.item}>${xmlValue(item, rule.itemRules ?? rules)}</${rule.item}>`;
    } else if (
      (rule?.kind === 'flatMap' || rule?.kind === 'map') &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      let entries = '';
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        entries += `<${rule.item}><${rule.key}>${xmlEscape(k)}</${rule.key}><${rule.value}>${xmlValue(v, rule.valueRules ?? {})}</${rule.value}></${rule.item}>`;
      }
      xml += rule.kind === 'map' ? `<${key}>${entries}</${key}>` : entries;
    } else {
      xml += `<${key}>${xmlValue(value, rules)}</${key}>`;
    }
  }
  return xml;
}

const XML_DECLARATION = '<?xml version="1.0"?>';

function respond(reply: FastifyReply, status: number, xml: string) {
  return reply
    .code(status)
    .header('content-type', 'text/xml')
    .send(XML_DECLARATION + xml);
}

export function registerQueryProtocol(
  app: FastifyInstance,
  services: readonly QueryService[],
  defaults: ProtocolDefaults,
): void {
  if (services.length === 0) return;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    for (const [k, v] of new URL(request.url, 'http://placeholder').searchParams) if (!params.has(k)) params.set(k, v);
    const action = params.get('Action');
    if (!action) return false;
    const version = params.get('Version');
    const service =
      services.find((s) => s.version === version && s.operations[action]) ??
      services.find((s) => (version === null || s.version === version) && s.operations[action]) ??
      services.find((s) => s.version === version);
    if (!service) return false;
    const requestId = randomUUID();
    reply.header('x-amzn-requestid', requestId);
    try {
      if (defaults.accessKeys && !service.unsigned?.has(action)) {
        await verifySignature(request, defaults.accessKeys, Date.now());
      }
      const operation = service.operations[action];
      if (!operation) throw new AwsError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
      const input = service.decode(action, formTree(params), request);
      const output = await operation(input, requestContext(request, reply, defaults));
      const result = service.encode(action, output);
      const body = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
      return respond(
        reply,
        200,
        `<${action}Response xmlns="${service.xmlns}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
      );
    } catch (e) {
      const error = e instanceof AwsError ? e : (service.domainError?.(e) ?? internalError(request.log, e));
      const q = service.errorOf(error);
      return respond(
        reply,
        q.status,
        `<ErrorResponse xmlns="${service.xmlns}"><Error><Type>${q.type}</Type><Code>${xmlEscape(q.code)}</Code><Message>${xmlEscape(error.message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  };
  // `/` is shared with the JSON protocols (POST) and the console (GET): a preHandler claims the
  // requests that carry an Action, and leaves the others to their routes.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' && request.method !== 'GET') return;
    if (request.url.split('?')[0] !== '/' || request.headers['x-amz-target']) return;
    const answered = await handle(request, reply);
    if (answered !== false) return answered;
  });
  for (const { documents } of services) {
    if (!documents) continue;
    app.get(`${documents.prefix}:name`, async (request, reply) => {
      const document = documents.read((request.params as { name: string }).name);
      if (!document) return reply.code(404).send({ message: 'Not found' });
      return reply.header('content-type', document.contentType).send(document.body);
    });
  }
  for (const path of new Set(services.flatMap((s) => s.paths ?? []))) {
    app.route({
      method: ['GET', 'POST'],
      url: path,
      handler: async (request, reply) => {
        const answered = await handle(request, reply);
        return answered === false ? reply.code(400).send({ message: 'Missing Action' }) : answered;
      },
    });
  }
}
