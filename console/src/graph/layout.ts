/**
 * A definition's graph (the same `buildGraph` the CLI's `stepwise graph` draws) laid out by ELK's
 * layered algorithm, top-down, with Parallel and Map states as containers around their branches.
 * No React here: the canvas, the SVG export and the timing test all read the same layout.
 */
import * as elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { buildGraph, type GraphEdge, type GraphItem, type NodeKind, type StateGraph } from '../../../src/asl/graph.js';

export type LaidNodeKind = 'state' | 'container' | 'branch';

export interface LaidNode {
  id: string;
  kind: LaidNodeKind;
  /** For a container, the Parallel or Map state it holds. */
  type: NodeKind;
  label: string;
  /** The ASL state's name (states and containers); undefined for start, end and branches. */
  stateName?: string;
  parentId?: string;
  /** Relative to the parent (as the canvas wants them). */
  x: number;
  y: number;
  /** Relative to the whole drawing (as an export wants them). */
  absX: number;
  absY: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdge['kind'];
  /** The full text (a Choice rule, a Catcher's errors); `shortLabel` is what fits on the line. */
  label?: string;
  shortLabel?: string;
  /**
   * Absolute, from the source's border to the target's. Empty for Catch edges: those are drawn
   * as curves, since a hundred Tasks caught by one handler would cost ELK a long route each.
   */
  points: Point[];
  labelBox?: { x: number; y: number; width: number; height: number };
}

export interface Layout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

const STATE_TYPES = new Set<NodeKind>(['Task', 'Pass', 'Wait', 'Choice', 'Succeed', 'Fail', 'Parallel', 'Map']);
const LABEL_CHARS = 42;
const CHAR_WIDTH = 7;

export function nodeSize(type: NodeKind, label: string): { width: number; height: number } {
  if (type === 'start' || type === 'end') return { width: 72, height: 30 };
  return { width: Math.round(Math.min(280, Math.max(132, label.length * CHAR_WIDTH + 56))), height: 48 };
}

export const shorten = (text: string, max = LABEL_CHARS) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** ELK as a constructor, whether the bundler or Node loaded its CommonJS module. */
function newElk(): ELK {
  const mod = elkModule as unknown as { default: new () => ELK };
  return new mod.default();
}

let elk: ELK | undefined;

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // States are listed roughly in the order they run: keep that order, and let a loop's
  // back edge be the one that points up.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.thoroughness': '1',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.edgeLabels.inline': 'false',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

const CONTAINER_OPTIONS = { 'elk.padding': '[top=30,left=14,bottom=14,right=14]' };

/** What a node keeps from the graph while ELK places it. */
type Meta = Pick<LaidNode, 'kind' | 'type' | 'label' | 'stateName'>;

function toElk(items: GraphItem[], meta: Map<string, Meta>): ElkNode[] {
  return items.map((item): ElkNode => {
    if (item.kind === 'node') {
      const stateName = STATE_TYPES.has(item.type) ? item.label : undefined;
      meta.set(item.id, { kind: 'state', type: item.type, label: item.label, stateName });
      return { id: item.id, ...nodeSize(item.type, item.label) };
    }
    // A Parallel's or Map's cluster (`<id>_cluster`) holds its own node first, then its branches.
    const head = item.items[0];
    const isState = head?.kind === 'node' && (head.type === 'Parallel' || head.type === 'Map') && item.id === `${head.id}_cluster`;
    meta.set(item.id, isState
      ? { kind: 'container', type: head.type, label: item.label, stateName: head.label }
      : { kind: 'branch', type: 'unknown', label: item.label });
    return { id: item.id, layoutOptions: CONTAINER_OPTIONS, children: toElk(item.items, meta) };
  });
}

export async function layoutGraph(graph: StateGraph): Promise<Layout> {
  elk ??= newElk();
  const meta = new Map<string, Meta>();
  // One Catch edge per handler is enough to place the handler below a state that it catches.
  const caught = new Set<string>();
  const placed = graph.edges.map((e, i) => ({ e, i })).filter(({ e }) => e.kind !== 'catch' || (!caught.has(e.to) && caught.add(e.to)));
  const edges: ElkExtendedEdge[] = placed.map(({ e, i }) => {
    const shortLabel = e.kind === 'catch' || e.label === undefined ? undefined : shorten(e.label);
    return {
      id: `e${i}`,
      sources: [e.from],
      targets: [e.to],
      ...(shortLabel && { labels: [{ id: `e${i}_label`, text: shortLabel, width: shortLabel.length * 5.9 + 12, height: 18 }] }),
    };
  });
  const laid: ElkNode = await elk.layout({ id: 'root', layoutOptions: ROOT_OPTIONS, children: toElk(graph.items, meta), edges });

  const nodes: LaidNode[] = [];
  const absolute = new Map<string, Point>([['root', { x: 0, y: 0 }]]);
  const walk = (children: ElkNode[] | undefined, parent: string | undefined, origin: Point) => {
    for (const child of children ?? []) {
      const m = meta.get(child.id)!;
      const abs = { x: origin.x + (child.x ?? 0), y: origin.y + (child.y ?? 0) };
      absolute.set(child.id, abs);
      nodes.push({
        id: child.id,
        ...m,
        ...(parent && { parentId: parent }),
        x: child.x ?? 0,
        y: child.y ?? 0,
        absX: abs.x,
        absY: abs.y,
        width: child.width ?? 0,
        height: child.height ?? 0,
      });
      walk(child.children, child.id, abs);
    }
  };
  walk(laid.children, undefined, { x: 0, y: 0 });

  const routed = new Map(((laid.edges ?? []) as (ElkExtendedEdge & { container?: string })[]).map((e) => [e.id, e]));
  const out: LaidEdge[] = graph.edges.map((source, i) => {
    const e = routed.get(`e${i}`);
    // ELK gives an edge's coordinates relative to its container: the nearest common ancestor.
    const o = absolute.get(e?.container ?? 'root') ?? { x: 0, y: 0 };
    const section = source.kind === 'catch' ? undefined : e?.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x + o.x, y: p.y + o.y })) : [];
    const label = e?.labels?.[0];
    return {
      id: `e${i}`,
      source: source.from,
      target: source.to,
      kind: source.kind,
      ...(source.label !== undefined && { label: source.label, shortLabel: shorten(source.label) }),
      points,
      ...(label && { labelBox: { x: (label.x ?? 0) + o.x, y: (label.y ?? 0) + o.y, width: label.width ?? 0, height: label.height ?? 0 } }),
    };
  });
  return { nodes, edges: out, width: laid.width ?? 0, height: laid.height ?? 0 };
}

export const layoutDefinition = (definition: unknown): Promise<Layout> => layoutGraph(buildGraph(definition));
