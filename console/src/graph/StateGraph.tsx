/**
 * A definition drawn on a React Flow canvas from its ELK layout: zoom, pan, fit, export. With
 * `statuses` it colours each state by its outcome; with `editable` it takes dropped states and
 * new connections (the designer). The previous drawing stays until the next layout is ready, so
 * an edit never blanks the canvas.
 */
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { NodeKind } from '../../../src/asl/graph.js';
import { findState, type StateStatus } from '../model/execution-state.js';
import { layoutDefinition, shorten, type LaidEdge, type LaidNode, type Layout } from './layout.js';
import { paintFor, shapePath, STATUS_LABEL, STATUS_MARK, subtitle } from './shapes.js';
import { catchCurve, download, edgePath, layoutToSvg, svgToPng } from './svg.js';

export interface StateMark {
  status: StateStatus;
  runs?: number;
  retries?: number;
}

export interface StateGraphProps {
  definition: unknown;
  statuses?: Map<string, StateMark>;
  /** Validation messages by state name, drawn on the state. */
  problems?: Map<string, string[]>;
  selected?: string;
  onSelect?: (stateName: string | undefined) => void;
  editable?: boolean;
  /** A palette item (its state type) dropped on the canvas. */
  onDropState?: (type: string) => void;
  onConnectStates?: (from: string, to: string) => void;
  onDeleteState?: (name: string) => void;
  /** File name (without extension) for exports. */
  exportName?: string;
  height?: number | string;
}

interface StateNodeData extends Record<string, unknown> {
  laid: LaidNode;
  state?: Record<string, unknown>;
  mark?: StateMark;
  problems?: string[];
  selected: boolean;
  editable: boolean;
  onSelect?: (name: string | undefined) => void;
}

const StateNode = memo(function StateNode({ data }: NodeProps<Node<StateNodeData>>) {
  const { laid, state, mark, problems, selected, editable, onSelect } = data;
  const paint = paintFor(laid.type as NodeKind, mark?.status);
  const retry = Array.isArray(state?.Retry) && state.Retry.length > 0;
  const sub = laid.type === 'start' || laid.type === 'end' ? '' : subtitle(laid.type, state);
  const name = laid.stateName;
  const describe = [
    name ? `${name}, ${laid.type} state` : laid.label,
    mark ? STATUS_LABEL[mark.status] : '',
    mark?.retries ? `${mark.retries} retr${mark.retries === 1 ? 'y' : 'ies'}` : '',
    problems?.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}` : '',
  ].filter(Boolean).join('. ');
  return (
    <div
      className={`state-node${selected ? ' is-selected' : ''}${problems?.length ? ' has-problem' : ''}${mark?.status === 'running' ? ' is-running' : ''}`}
      style={{ width: laid.width, height: laid.height, color: paint.text }}
      data-state={name}
      data-status={mark?.status}
      role={name ? 'button' : undefined}
      tabIndex={name ? 0 : -1}
      aria-label={describe}
      aria-pressed={name ? selected : undefined}
      title={describe}
      onKeyDown={(e) => {
        if (name && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onSelect?.(name);
        }
      }}
    >
      <svg width={laid.width} height={laid.height} className="state-shape" aria-hidden>
        <path d={shapePath(laid.type, laid.width, laid.height)} fill={paint.fill} stroke={problems?.length ? '#d93025' : paint.stroke} strokeWidth={selected ? 3 : 1.6} strokeDasharray={paint.dash} />
      </svg>
      <Handle type="target" position={Position.Top} className={editable && laid.type !== 'start' ? 'handle' : 'handle hidden'} isConnectable={editable && laid.type !== 'start'} />
      <div className="state-text">
        <div className="state-name">
          {mark && <span className="mark" aria-hidden>{STATUS_MARK[mark.status]} </span>}
          {shorten(laid.label, 30)}
        </div>
        {sub && <div className="state-sub">{shorten(sub, 36)}</div>}
      </div>
      {retry && <span className="badge retry" title={`Retry: ${JSON.stringify(state!.Retry)}`}>↻{mark?.retries ? ` ${mark.retries}` : ''}</span>}
      {mark?.runs !== undefined && mark.runs > 1 && <span className="badge runs" title={`${mark.runs} runs`}>×{mark.runs}</span>}
      {problems?.length ? <span className="badge problem" title={problems.join('\n')}>!</span> : null}
      <Handle type="source" position={Position.Bottom} className={editable && laid.type !== 'end' ? 'handle' : 'handle hidden'} isConnectable={editable && laid.type !== 'end'} />
    </div>
  );
});

const GroupNode = memo(function GroupNode({ data }: NodeProps<Node<StateNodeData>>) {
  const { laid, mark } = data;
  const paint = paintFor(laid.type as NodeKind, mark?.status);
  return (
    <div className={`group-node ${laid.kind}`} style={{ width: laid.width, height: laid.height, borderColor: laid.kind === 'container' ? paint.stroke : undefined }}>
      <span className="group-label">{laid.kind === 'container' ? `${laid.type}: ${laid.stateName}` : laid.label}</span>
    </div>
  );
});

interface LaidEdgeData extends Record<string, unknown> {
  laid: LaidEdge;
  nodes: Map<string, LaidNode>;
}

function LaidOutEdge({ id, data, markerEnd, sourceX, sourceY, targetX, targetY }: EdgeProps<Edge<LaidEdgeData>>) {
  const laid = data!.laid;
  const path = laid.points.length >= 2 ? edgePath(laid, data!.nodes) : catchCurve({ x: sourceX, y: sourceY }, { x: targetX, y: targetY });
  const box = laid.labelBox;
  const labelAt = box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : { x: (sourceX + targetX) / 2, y: (sourceY + targetY) / 2 };
  const text = laid.kind === 'catch' ? shorten(laid.label ?? '', 28) : laid.shortLabel;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ strokeDasharray: laid.kind === 'catch' ? '5 4' : undefined, stroke: laid.kind === 'catch' ? '#e37400' : '#5f6368', strokeWidth: 1.4 }} />
      {text && (
        <EdgeLabelRenderer>
          <div className={`edge-label ${laid.kind}`} style={{ transform: `translate(-50%, -50%) translate(${labelAt.x}px, ${labelAt.y}px)` }} title={laid.label}>
            {laid.kind === 'catch' ? `catch ${text}` : text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** Below this, state names are too small to read at 1280×800. */
const READABLE_ZOOM = 0.8;

const nodeTypes = { state: StateNode, container: GroupNode };
const edgeTypes = { laid: LaidOutEdge };

function toFlow(layout: Layout, props: StateGraphProps): { nodes: Node<StateNodeData>[]; edges: Edge<LaidEdgeData>[] } {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const nodes = layout.nodes.map((laid): Node<StateNodeData> => ({
    id: laid.id,
    type: laid.kind === 'state' ? 'state' : 'container',
    position: { x: laid.x, y: laid.y },
    ...(laid.parentId && { parentId: laid.parentId }),
    width: laid.width,
    height: laid.height,
    draggable: false,
    selectable: laid.kind === 'state' && laid.stateName !== undefined,
    focusable: false,
    zIndex: laid.kind === 'state' ? 10 : 0,
    data: {
      laid,
      state: laid.stateName ? findState(props.definition, laid.stateName) : undefined,
      mark: laid.stateName ? props.statuses?.get(laid.stateName) : undefined,
      problems: laid.stateName ? props.problems?.get(laid.stateName) : undefined,
      selected: laid.stateName !== undefined && laid.stateName === props.selected,
      editable: Boolean(props.editable),
      onSelect: props.onSelect,
    },
  }));
  const edges = layout.edges.map((laid): Edge<LaidEdgeData> => ({
    id: laid.id,
    source: laid.source,
    target: laid.target,
    type: 'laid',
    zIndex: 5,
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: laid.kind === 'catch' ? '#e37400' : '#5f6368' },
    data: { laid, nodes: byId },
  }));
  return { nodes, edges };
}

function Canvas(props: StateGraphProps) {
  const [layout, setLayout] = useState<Layout>();
  const [error, setError] = useState<string>();
  const flow = useReactFlow();
  const text = useMemo(() => JSON.stringify(props.definition), [props.definition]);
  const seq = useRef(0);
  const fitted = useRef(false);

  useEffect(() => {
    const mine = ++seq.current;
    layoutDefinition(props.definition).then(
      (l) => {
        if (mine !== seq.current) return;
        setLayout(l);
        setError(undefined);
      },
      (e: unknown) => mine === seq.current && setError(e instanceof Error ? e.message : String(e)),
    );
  }, [text]);

  const box = useRef<HTMLDivElement>(null);
  /** The whole graph when it fits at a readable size; otherwise readable, from the top. */
  const fit = (duration = 0) => {
    const el = box.current;
    if (!layout || !el) return;
    const { clientWidth: w, clientHeight: h } = el;
    const whole = Math.min((w - 32) / layout.width, (h - 32) / layout.height);
    const zoom = Math.min(1.1, Math.max(READABLE_ZOOM, whole));
    const x = (w - layout.width * zoom) / 2;
    const y = layout.height * zoom > h - 32 ? 16 : (h - layout.height * zoom) / 2;
    void flow.setViewport({ x, y, zoom }, { duration });
  };
  useEffect(() => {
    if (layout && !fitted.current) {
      fitted.current = true;
      requestAnimationFrame(() => fit());
    }
  }, [layout]);

  const { nodes, edges } = useMemo(() => (layout ? toFlow(layout, props) : { nodes: [], edges: [] }), [layout, props]);
  const nameOf = (id: string) => layout?.nodes.find((n) => n.id === id)?.stateName;

  const exportAs = async (kind: 'svg' | 'png') => {
    if (!layout) return;
    const svg = layoutToSvg(layout, props.statuses);
    const name = props.exportName ?? 'state-machine';
    if (kind === 'svg') download(`${name}.svg`, svg, 'image/svg+xml');
    else download(`${name}.png`, await svgToPng(svg, layout.width, layout.height));
  };

  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData('application/x-stepwise-state');
    if (!type) return;
    e.preventDefault();
    props.onDropState?.(type);
  };

  return (
    <div
      ref={box}
      className="graph"
      style={{ height: props.height ?? 520 }}
      onDragOver={(e) => {
        if (props.editable) e.preventDefault();
      }}
      onDrop={props.editable ? onDrop : undefined}
      data-testid="state-graph"
      data-laid-out={layout ? 'yes' : 'no'}
    >
      {error && <div className="graph-error">Cannot draw this definition: {error}</div>}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={Boolean(props.editable)}
        elementsSelectable
        minZoom={0.1}
        maxZoom={2.5}
        onlyRenderVisibleElements={nodes.length > 150}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const name = nameOf(node.id);
          if (name) props.onSelect?.(name);
        }}
        onPaneClick={() => props.onSelect?.(undefined)}
        onConnect={(c) => {
          const from = nameOf(c.source);
          const to = c.target === '__end' ? undefined : nameOf(c.target);
          if (from && to) props.onConnectStates?.(from, to);
        }}
        deleteKeyCode={props.editable ? ['Delete', 'Backspace'] : null}
        onNodesDelete={(deleted) => {
          for (const n of deleted) {
            const name = nameOf(n.id);
            if (name) props.onDeleteState?.(name);
          }
        }}
      >
        <Background gap={16} color="#e8eaed" />
        <Controls showInteractive={false} position="bottom-left" />
        {nodes.length > 12 && <MiniMap pannable zoomable position="bottom-right" nodeStrokeWidth={2} ariaLabel="Overview of the graph" />}
      </ReactFlow>
      <div className="graph-toolbar">
        <button type="button" onClick={() => fit(200)}>Fit</button>
        <button type="button" onClick={() => flow.fitView({ padding: 0.05, duration: 200 })}>Whole graph</button>
        <button type="button" onClick={() => exportAs('svg')} disabled={!layout}>Export SVG</button>
        <button type="button" onClick={() => exportAs('png')} disabled={!layout}>Export PNG</button>
      </div>
      {props.statuses && <Legend />}
    </div>
  );
}

function Legend() {
  const order: StateStatus[] = ['succeeded', 'failed', 'caught', 'retried', 'running', 'aborted', 'notReached'];
  return (
    <ul className="legend" aria-label="Legend">
      {order.map((s) => {
        const paint = paintFor('Task', s);
        return (
          <li key={s}>
            <span className="swatch" style={{ background: paint.fill, borderColor: paint.stroke, borderStyle: paint.dash ? 'dashed' : 'solid' }} aria-hidden>
              {STATUS_MARK[s]}
            </span>
            {STATUS_LABEL[s]}
          </li>
        );
      })}
    </ul>
  );
}

export function StateGraph(props: StateGraphProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
