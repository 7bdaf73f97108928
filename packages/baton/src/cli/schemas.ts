/**
 * `baton schemas codegen --registry R --schema S [--version V] [--out file.ts]`: writes
 * TypeScript types for a schema of the registry (messaging/schemas/codegen.ts), read from a
 * running server through the Schemas API (DescribeSchema; SigV4-signed when AWS credentials are
 * in the environment, as a server started with --auth wants), or from a schema file with
 * `--file` (its type from `--type`, else OpenApi3 when the document has an `openapi` member).
 * Exit code 0 when written, 1 with the reason on stderr otherwise.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Command } from 'commander';
import { type CodegenSource, SchemaError, schemaToTypeScript } from '../messaging/schemas/index.js';
import type { SchemaType } from '../store/port.js';

interface CodegenFlags {
  registry?: string;
  schema?: string;
  version?: string;
  out?: string;
  file?: string;
  type?: string;
  endpoint: string;
  region: string;
}

const TYPES: readonly SchemaType[] = ['OpenApi3', 'JSONSchemaDraft4'];

export function registerSchemas(program: Command): void {
  const schemas = program.command('schemas').description('work with the schema registry');
  schemas
    .command('codegen')
    .description('write TypeScript types for a schema of the registry (or a schema file)')
    .option('--registry <name>', 'the registry that holds the schema')
    .option('--schema <name>', 'the schema')
    .option('--version <version>', 'the schema version (default: the latest)')
    .option('--out <file>', 'write the types to this file (default: standard output)')
    .option('--file <schema.json>', 'read the schema from this file instead of a server')
    .option('--type <type>', `the file's schema type: ${TYPES.join(' or ')}`)
    .option('--endpoint <url>', 'the Baton server', process.env.BATON_ENDPOINT ?? 'http://127.0.0.1:22866')
    .option('--region <region>', 'the region of the registry', process.env.AWS_REGION ?? 'us-east-1')
    .action(async (flags: CodegenFlags) => {
      process.exitCode = await codegen(flags);
    });
}

async function codegen(flags: CodegenFlags): Promise<number> {
  try {
    const source = flags.file ? await fromFile(flags.file, flags.type) : await fromServer(flags);
    const code = await schemaToTypeScript(source);
    if (flags.out) await writeFile(flags.out, code);
    else process.stdout.write(code);
    return 0;
  } catch (e) {
    console.error(e instanceof SchemaError || e instanceof CodegenError ? e.message : e);
    return 1;
  }
}

class CodegenError extends Error {
  override readonly name = 'CodegenError';
}

async function fromFile(file: string, type: string | undefined): Promise<CodegenSource> {
  const content = await readFile(file, 'utf8');
  if (type !== undefined && !TYPES.includes(type as SchemaType)) {
    throw new CodegenError(`--type must be ${TYPES.join(' or ')}, not ${type}`);
  }
  const guessed = /"openapi"\s*:/.test(content) ? 'OpenApi3' : 'JSONSchemaDraft4';
  return { type: (type as SchemaType | undefined) ?? guessed, content, label: file };
}

async function fromServer(flags: CodegenFlags): Promise<CodegenSource> {
  if (!flags.registry || !flags.schema) throw new CodegenError('give --registry and --schema, or --file');
  const url = new URL(
    `/v1/registries/name/${encodeURIComponent(flags.registry)}/schemas/name/${encodeURIComponent(flags.schema)}`,
    flags.endpoint,
  );
  if (flags.version !== undefined) url.searchParams.set('schemaVersion', flags.version);
  const response = await fetch(url, { headers: await signedHeaders(url, flags.region) });
  const body = (await response.json().catch(() => ({}))) as Record<string, string | undefined>;
  if (!response.ok) {
    const code = response.headers.get('x-amzn-errortype') ?? String(response.status);
    throw new CodegenError(`${code}: ${body.Message ?? body.message ?? response.statusText}`);
  }
  return {
    type: body.Type as SchemaType,
    content: body.Content ?? '',
    label: `${flags.registry}/${flags.schema} version ${body.SchemaVersion}`,
  };
}

/** SigV4 headers for a GET when credentials are in the environment; none otherwise. */
async function signedHeaders(url: URL, region: string): Promise<Record<string, string>> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  if (!accessKeyId || !secretAccessKey) return {};
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    region,
    service: 'schemas',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host },
  });
  // fetch writes the same Host itself.
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
