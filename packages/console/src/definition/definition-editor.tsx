/**
 * The definition as text beside its graph: a plain editor with line numbers (JSON, or the YAML
 * view), live validation through ValidateStateMachineDefinition while typing, each diagnostic
 * pointing at its line and flagging its state in the graph.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Diagnostic, type StateMachineType, sfn } from '../api/sfn.js';
import { buildGraph, nodeForPointer, type WorkflowGraph } from '../graph/build-graph.js';
import { WorkflowGraphView } from '../graph/workflow-graph.js';
import { type DefinitionFormat, parseDefinition, toYaml, yamlToJson } from './format.js';
import { lineColumn, locatePointer } from './locate.js';

export interface EditorDiagnostic extends Diagnostic {
  readonly line?: number;
  readonly stateName?: string;
}

export interface DefinitionEditorProps {
  /** The definition as JSON text when the editor opens (give the editor a new `key` to load another). */
  readonly initialValue: string;
  readonly onChange: (json: string, valid: boolean) => void;
  readonly type: StateMachineType;
  readonly readOnly?: boolean;
}

const VALIDATE_DELAY_MS = 300;

export function DefinitionEditor({ initialValue: value, onChange, type, readOnly }: DefinitionEditorProps) {
  const [format, setFormat] = useState<DefinitionFormat>('json');
  const [text, setText] = useState(value);
  const [diagnostics, setDiagnostics] = useState<EditorDiagnostic[]>([]);
  const [validation, setValidation] = useState<'checking' | 'ok' | 'fail' | 'error'>('checking');
  const [graph, setGraph] = useState<WorkflowGraph>(() => graphOf(value, 'json') ?? buildGraph(null));
  /** The text the graph was drawn from: an unchanged text is not laid out again. */
  const drawn = useRef(value);
  const shown = useRef(graph);
  const [selected, setSelected] = useState<string>();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  // Validate (debounced) and redraw the graph from what parses.
  useEffect(() => {
    setValidation('checking');
    const timer = setTimeout(async () => {
      const fresh = text === drawn.current ? undefined : graphOf(text, format);
      if (fresh) {
        drawn.current = text;
        shown.current = fresh;
        setGraph(fresh);
      }
      const next = shown.current;
      let json: string;
      try {
        json = format === 'json' ? text : yamlToJson(text);
      } catch (e) {
        setDiagnostics([{ severity: 'ERROR', code: 'YAML_SYNTAX', message: (e as Error).message }]);
        setValidation('fail');
        return;
      }
      try {
        const result = await sfn.validate(json, type);
        setDiagnostics(result.diagnostics.map((d) => placeDiagnostic(d, text, format, next)));
        setValidation(result.result === 'OK' ? 'ok' : 'fail');
      } catch (e) {
        setDiagnostics([{ severity: 'ERROR', code: 'VALIDATION_UNAVAILABLE', message: (e as Error).message }]);
        setValidation('error');
      }
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, format, type]);

  const lineNumbers = useMemo(() => Array.from({ length: text.split('\n').length }, (_, i) => i + 1), [text]);
  const flaggedLines = useMemo(
    () => new Set(diagnostics.map((d) => d.line).filter((l) => l !== undefined)),
    [diagnostics],
  );
  const flaggedStates = useMemo(
    () => new Set(diagnostics.map((d) => d.stateName).filter((s): s is string => s !== undefined)),
    [diagnostics],
  );

  const edit = (next: string) => {
    setText(next);
    try {
      const json = format === 'json' ? next : yamlToJson(next);
      onChange(json, parseDefinition(json, 'json').ok);
    } catch {
      onChange(next, false);
    }
  };

  const switchFormat = (next: DefinitionFormat) => {
    if (next === format) return;
    try {
      setText(next === 'yaml' ? toYaml(text) : yamlToJson(text));
      setFormat(next);
    } catch (e) {
      setDiagnostics([
        {
          severity: 'ERROR',
          code: 'CONVERSION',
          message: `Fix the text before switching views: ${(e as Error).message}`,
        },
      ]);
    }
  };

  const jumpTo = (d: EditorDiagnostic) => {
    if (d.stateName) setSelected(d.stateName);
    const el = area.current;
    if (!el || !d.location) return;
    const range = locatePointer(text, d.location, format);
    if (!range) return;
    el.focus();
    el.setSelectionRange(range.start, range.end);
    const line = lineColumn(text, range.start).line;
    el.scrollTop = Math.max(0, (line - 4) * 20);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Tab indents (two spaces) instead of leaving the editor; Escape then Tab leaves it.
    if (event.key === 'Tab' && !event.shiftKey && !readOnly && !event.currentTarget.dataset.escaped) {
      event.preventDefault();
      const el = event.currentTarget;
      const { selectionStart, selectionEnd } = el;
      const next = `${text.slice(0, selectionStart)}  ${text.slice(selectionEnd)}`;
      edit(next);
      requestAnimationFrame(() => el.setSelectionRange(selectionStart + 2, selectionStart + 2));
    } else if (event.key === 'Escape') event.currentTarget.dataset.escaped = '1';
    else delete event.currentTarget.dataset.escaped;
  };

  return (
    <div className="editor-split">
      <div className="editor-pane">
        <div className="toolbar">
          <div className="segmented" role="tablist" aria-label="Definition format">
            {(['json', 'yaml'] as const).map((f) => (
              <button key={f} type="button" role="tab" aria-selected={format === f} onClick={() => switchFormat(f)}>
                {f.toUpperCase()}
              </button>
            ))}
          </div>
          <span className={`validation validation-${validation}`} data-testid="validation-status">
            {validation === 'checking'
              ? 'Checking…'
              : validation === 'ok'
                ? diagnostics.length
                  ? `Valid, ${diagnostics.length} warning${diagnostics.length > 1 ? 's' : ''}`
                  : 'Valid definition'
                : validation === 'error'
                  ? 'Validation unavailable'
                  : `${diagnostics.filter((d) => d.severity === 'ERROR').length} problem(s)`}
          </span>
        </div>
        <div className="code-editor">
          <div className="gutter" ref={gutter} aria-hidden="true">
            {lineNumbers.map((n) => (
              <div key={n} className={flaggedLines.has(n) ? 'flagged-line' : undefined}>
                {n}
              </div>
            ))}
          </div>
          <textarea
            ref={area}
            value={text}
            readOnly={readOnly}
            spellCheck={false}
            aria-label={`Definition (${format.toUpperCase()})`}
            onChange={(e) => edit(e.target.value)}
            onKeyDown={onKeyDown}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
        {diagnostics.length > 0 ? (
          <ul className="diagnostics" aria-label="Diagnostics">
            {diagnostics.map((d) => (
              <li key={`${d.code}-${d.location}-${d.message}`} className={`diagnostic ${d.severity.toLowerCase()}`}>
                <button type="button" onClick={() => jumpTo(d)}>
                  <span className="diag-code">{d.code}</span>
                  <span className="diag-where">
                    {d.stateName ? `State ${d.stateName}` : (d.location ?? 'whole definition')}
                    {d.line ? `, line ${d.line}` : ''}
                  </span>
                  <span className="diag-message">{d.message}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="graph-pane">
        <WorkflowGraphView
          graph={graph}
          flagged={flaggedStates}
          {...(selected ? { selected } : {})}
          onSelect={setSelected}
        />
      </div>
    </div>
  );
}

function graphOf(text: string, format: DefinitionFormat): WorkflowGraph | undefined {
  const parsed = parseDefinition(text, format);
  return parsed.ok ? buildGraph(parsed.value) : undefined;
}

function placeDiagnostic(
  d: Diagnostic,
  text: string,
  format: DefinitionFormat,
  graph: WorkflowGraph,
): EditorDiagnostic {
  const range = d.location ? locatePointer(text, d.location, format) : undefined;
  const node = nodeForPointer(graph, d.location);
  return {
    ...d,
    ...(range ? { line: lineColumn(text, range.start).line } : {}),
    ...(node?.stateName ? { stateName: node.stateName } : {}),
  };
}
