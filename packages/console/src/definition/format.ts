/**
 * Converting a definition between the JSON the API stores and the YAML view, and parsing
 * editor text tolerantly (the graph follows the text while it is being typed).
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export type DefinitionFormat = 'json' | 'yaml';

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

export function parseDefinition(text: string, format: DefinitionFormat): Parsed {
  try {
    return { ok: true, value: format === 'json' ? JSON.parse(text) : parseYaml(text) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Pretty JSON for display and editing (the stored text may be minified). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function toYaml(jsonText: string): string {
  return stringifyYaml(JSON.parse(jsonText), { lineWidth: 0 });
}

export function yamlToJson(yamlText: string): string {
  return JSON.stringify(parseYaml(yamlText), null, 2);
}
