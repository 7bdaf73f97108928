/**
 * The examples' schema registries (`examples/<name>/schemas.json`), created through the schema
 * service the Schemas API serves, so `npm start` shows the events' shared language:
 *
 * ```json
 * { "Registries": [{ "RegistryName": "kyc", "Description": "…" }],
 *   "Schemas": [{ "RegistryName": "kyc", "SchemaName": "kyc.service@AccountApproved",
 *                 "Type": "JSONSchemaDraft4", "Description": "…", "Content": { … } }] }
 * ```
 *
 * `{region}` and `{account}` stand for the server's. What exists already (an earlier start made
 * it) is left alone; any other error is reported and the rest goes on.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { SchemaError, type SchemaService } from '../../../messaging/schemas/index.js';
import type { SchemaType } from '../../../store/port.js';
import { exampleFiles } from '../example-files.js';

interface SchemasFile {
  readonly Registries?: readonly { readonly RegistryName: string; readonly Description?: string }[];
  readonly Schemas?: readonly {
    readonly RegistryName: string;
    readonly SchemaName: string;
    readonly Type: SchemaType;
    readonly Description?: string;
    readonly Content: JsonObject;
  }[];
}

export async function deployExampleSchemas(
  dir: string,
  schemas: SchemaService,
  region: string,
  account: string,
  onError: (error: unknown, context: string) => void,
): Promise<void> {
  const at = { region, account };
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      if (!(e instanceof SchemaError && e.code === 'ConflictException')) onError(e, `example ${what}`);
    }
  };
  for (const spec of exampleFiles<SchemasFile>(dir, 'schemas.json', region, account)) {
    for (const r of spec.Registries ?? []) {
      await attempt(`registry ${r.RegistryName}`, () => schemas.createRegistry(at, r.RegistryName, r.Description, {}));
    }
    for (const s of spec.Schemas ?? []) {
      const input = {
        type: s.Type,
        content: JSON.stringify(s.Content, null, 2),
        ...(s.Description !== undefined ? { description: s.Description } : {}),
      };
      await attempt(`schema ${s.SchemaName}`, () => schemas.createSchema(at, s.RegistryName, s.SchemaName, input, {}));
    }
  }
}
