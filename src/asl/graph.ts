/**
 * A definition as a picture: every state a node, every transition an edge, Parallel branches
 * and Map iterators as nested clusters. Rendered as Mermaid (for Markdown) or Graphviz DOT.
 * Works on unvalidated definitions too: a transition to an unknown state is drawn to a
 * "missing" node, so a broken machine can still be looked at.
 */

type Obj = Record<string, unknown>;

export type NodeKind =
  | 'Task' | 'Pass' | 'Wait' | 'Choice' | 'Succeed' | 'Fail' | 'Parallel' | 'Map'
  | 'start' | 'end' | 'missing' | 'unknown';

export interface GraphNode {
  kind: 'node';
  id: string;
  label: string;
  type: NodeKind;
}

export interface GraphCluster {
  kind: 'cluster';
  id: string;
  label: string;
  items: GraphItem[];
}

export type GraphItem = GraphNode | GraphCluster;

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  /** `catch` edges are drawn dashed; `branch` edges lead from a Parallel/Map into its branches. */
  kind: 'next' | 'choice' | 'default' | 'catch' | 'branch';
}

export interface StateGraph {
  items: GraphItem[];
  edges: GraphEdge[];
}

// `end` is a Mermaid keyword, so the terminal nodes get ids no state name can produce.
const START = '__start';
const END = '__end';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Node ids readable in the output, unique across the whole graph. */
class IdAllocator {
  private readonly used = new Set<string>([START, END]);

  allocate(name: string): string {
    const base = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, 's_') || 's';
    let id = base;
    for (let n = 2; this.used.has(id) || /^(end|graph|subgraph|node|edge|digraph|strict|style|class|click)$/i.test(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }
}

const COMPARATORS: Record<string, string> = {
  StringEquals: '==', StringLessThan: '<', StringGreaterThan: '>', StringLessThanEquals: '<=', StringGreaterThanEquals: '>=',
  NumericEquals: '==', NumericLessThan: '<', NumericGreaterThan: '>', NumericLessThanEquals: '<=', NumericGreaterThanEquals: '>=',
  BooleanEquals: '==',
  TimestampEquals: '==', TimestampLessThan: '<', TimestampGreaterThan: '>', TimestampLessThanEquals: '<=', TimestampGreaterThanEquals: '>=',
};

const TYPE_TESTS: Record<string, string> = {
  IsPresent: 'present', IsNull: 'null', IsNumeric: 'numeric', IsString: 'a string', IsBoolean: 'a boolean', IsTimestamp: 'a timestamp',
};

/** A Choice rule as a short expression: `$.stock > 0`, `$.a == "x" and not ($.b is null)`. */
export function describeChoiceRule(rule: unknown): string {
  if (!isObj(rule)) return '?';
  if (typeof rule.Condition === 'string') return rule.Condition.replace(/^\s*\{%\s*|\s*%\}\s*$/g, '');
  if (typeof rule.Condition === 'boolean') return String(rule.Condition);
  const nested = (r: unknown) => {
    const text = describeChoiceRule(r);
    return isObj(r) && (r.And || r.Or) ? `(${text})` : text;
  };
  if (Array.isArray(rule.And)) return rule.And.map(nested).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map(nested).join(' or ');
  if (rule.Not !== undefined) return `not (${describeChoiceRule(rule.Not)})`;
  const variable = String(rule.Variable ?? '?');
  for (const [key, value] of Object.entries(rule)) {
    const base = key.endsWith('Path') ? key.slice(0, -4) : key;
    if (COMPARATORS[base]) {
      const operand = key.endsWith('Path') ? String(value) : JSON.stringify(value);
      return `${variable} ${COMPARATORS[base]} ${operand}`;
    }
    if (base === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
    if (TYPE_TESTS[key]) return `${variable} is ${value === false ? 'not ' : ''}${TYPE_TESTS[key]}`;
  }
  return variable;
}

const STATE_TYPES = new Set(['Task', 'Pass', 'Wait', 'Choice', 'Succeed', 'Fail', 'Parallel', 'Map']);

/** The branches a Parallel or Map state runs, each a `{StartAt, States}` machine. */
function subMachines(state: Obj): { label: string; machine: unknown }[] {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.map((machine, i) => ({ label: `Branch ${i + 1}`, machine }));
  }
  if (state.Type === 'Map') return [{ label: 'Iterator', machine: state.ItemProcessor ?? state.Iterator }];
  return [];
}

class GraphBuilder {
  private readonly ids = new IdAllocator();
  readonly edges: GraphEdge[] = [];

  /**
   * Adds one machine's states to `items`. `entry` leads to its StartAt; a state that ends the
   * machine continues to `exit` (the enclosing state's successor, or the end node).
   */
  addMachine(machine: unknown, items: GraphItem[], entry: Omit<GraphEdge, 'to'>, exit: string | undefined, topLevel: boolean): void {
    const states = isObj(machine) && isObj(machine.States) ? machine.States : {};
    const scope = new Map<string, string>(Object.keys(states).map((name) => [name, this.ids.allocate(name)]));
    const target = (name: unknown): string => {
      const key = String(name);
      const known = scope.get(key);
      if (known) return known;
      const id = this.ids.allocate(`missing_${key}`);
      scope.set(key, id);
      items.push({ kind: 'node', id, label: `${key} (missing)`, type: 'missing' });
      return id;
    };
    if (isObj(machine) && machine.StartAt !== undefined) this.edges.push({ ...entry, to: target(machine.StartAt) });

    for (const [name, raw] of Object.entries(states)) {
      const id = scope.get(name) as string;
      const state = isObj(raw) ? raw : {};
      const type = (STATE_TYPES.has(String(state.Type)) ? state.Type : 'unknown') as NodeKind;
      const node: GraphNode = { kind: 'node', id, label: name, type };
      const continuation = typeof state.Next === 'string' ? target(state.Next) : state.End === true ? exit : undefined;

      const branches = subMachines(state);
      if (branches.length > 0) {
        const cluster: GraphCluster = { kind: 'cluster', id: `${id}_cluster`, label: `${name} (${type})`, items: [node] };
        items.push(cluster);
        branches.forEach(({ label, machine: branch }) => {
          const inner: GraphItem[] = [];
          this.addMachine(branch, inner, { from: id, kind: 'branch' }, continuation, false);
          cluster.items.push({ kind: 'cluster', id: this.ids.allocate(`${id}_${label}`), label, items: inner });
        });
      } else {
        items.push(node);
        if (type === 'Choice') {
          for (const rule of Array.isArray(state.Choices) ? state.Choices : []) {
            if (isObj(rule) && rule.Next !== undefined) {
              this.edges.push({ from: id, to: target(rule.Next), label: describeChoiceRule(rule), kind: 'choice' });
            }
          }
          if (state.Default !== undefined) this.edges.push({ from: id, to: target(state.Default), label: 'Default', kind: 'default' });
        } else if (continuation !== undefined) {
          this.edges.push({ from: id, to: continuation, kind: 'next' });
        } else if (type === 'Succeed' || (type === 'Fail' && topLevel)) {
          if (exit !== undefined) this.edges.push({ from: id, to: exit, kind: 'next' });
        }
      }

      for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
        if (!isObj(catcher) || catcher.Next === undefined) continue;
        const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.join(', ') : '?';
        this.edges.push({ from: id, to: target(catcher.Next), label: errors, kind: 'catch' });
      }
    }
  }
}

export function buildGraph(definition: unknown): StateGraph {
  const builder = new GraphBuilder();
  const items: GraphItem[] = [{ kind: 'node', id: START, label: 'Start', type: 'start' }];
  builder.addMachine(definition, items, { from: START, kind: 'next' }, END, true);
  items.push({ kind: 'node', id: END, label: 'End', type: 'end' });
  return { items, edges: builder.edges };
}

// ---- Mermaid ----

const mermaidText = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;

const MERMAID_SHAPES: Record<NodeKind, [string, string]> = {
  Task: ['[', ']'], Pass: ['(', ')'], Wait: ['[/', '/]'], Choice: ['{', '}'],
  Succeed: ['([', '])'], Fail: ['([', '])'], Parallel: ['[[', ']]'], Map: ['[[', ']]'],
  start: ['((', '))'], end: ['((', '))'], missing: ['[', ']'], unknown: ['[', ']'],
};

const MERMAID_CLASSES: Partial<Record<NodeKind, string>> = { Succeed: 'succeed', Fail: 'fail', missing: 'missing', start: 'terminal', end: 'terminal' };

function mermaidItems(items: GraphItem[], indent: string, out: string[]): void {
  for (const item of items) {
    if (item.kind === 'cluster') {
      out.push(`${indent}subgraph ${item.id}[${mermaidText(item.label)}]`);
      mermaidItems(item.items, `${indent}  `, out);
      out.push(`${indent}end`);
    } else {
      const [open, close] = MERMAID_SHAPES[item.type];
      const cls = MERMAID_CLASSES[item.type];
      out.push(`${indent}${item.id}${open}${mermaidText(item.label)}${close}${cls ? `:::${cls}` : ''}`);
    }
  }
}

export function toMermaid(definition: unknown): string {
  const graph = buildGraph(definition);
  const out = ['flowchart TD'];
  mermaidItems(graph.items, '  ', out);
  for (const edge of graph.edges) {
    const arrow = edge.kind === 'catch' ? '-.->' : '-->';
    out.push(`  ${edge.from} ${arrow}${edge.label ? `|${mermaidText(edge.label)}|` : ''} ${edge.to}`);
  }
  out.push(
    '  classDef succeed fill:#d4edda,stroke:#28a745',
    '  classDef fail fill:#f8d7da,stroke:#dc3545',
    '  classDef missing fill:#fff3cd,stroke:#dc3545,stroke-dasharray:4',
    '  classDef terminal fill:#333,color:#fff',
  );
  return `${out.join('\n')}\n`;
}

// ---- Graphviz DOT ----

const dotText = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const DOT_ATTRS: Record<NodeKind, string> = {
  Task: 'shape=box',
  Pass: 'shape=box, style=rounded',
  Wait: 'shape=parallelogram',
  Choice: 'shape=diamond',
  Succeed: 'shape=box, style="rounded,filled", fillcolor="#d4edda"',
  Fail: 'shape=box, style="rounded,filled", fillcolor="#f8d7da"',
  Parallel: 'shape=component',
  Map: 'shape=box3d',
  start: 'shape=circle, style=filled, fillcolor="#333333", fontcolor=white',
  end: 'shape=doublecircle, style=filled, fillcolor="#333333", fontcolor=white',
  missing: 'shape=box, style=dashed, color=red',
  unknown: 'shape=box, style=dotted',
};

function dotItems(items: GraphItem[], indent: string, out: string[]): void {
  for (const item of items) {
    if (item.kind === 'cluster') {
      out.push(`${indent}subgraph cluster_${item.id} {`, `${indent}  label=${dotText(item.label)};`, `${indent}  style=rounded;`);
      dotItems(item.items, `${indent}  `, out);
      out.push(`${indent}}`);
    } else {
      out.push(`${indent}${item.id} [label=${dotText(item.label)}, ${DOT_ATTRS[item.type]}];`);
    }
  }
}

export function toDot(definition: unknown): string {
  const graph = buildGraph(definition);
  const out = ['digraph StateMachine {', '  rankdir=TB;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  dotItems(graph.items, '  ', out);
  for (const edge of graph.edges) {
    const attrs = [edge.label ? `label=${dotText(edge.label)}` : '', edge.kind === 'catch' ? 'style=dashed' : '']
      .filter(Boolean)
      .join(', ');
    out.push(`  ${edge.from} -> ${edge.to}${attrs ? ` [${attrs}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
