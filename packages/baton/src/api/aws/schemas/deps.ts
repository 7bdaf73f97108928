/** What the Schemas operations work with (wired in main.ts). */
import type { SchemaService } from '../../../messaging/schemas/index.js';

export interface SchemasDeps {
  readonly schemas: SchemaService;
}
