/**
 * How each kind of state looks: outline, colours, and the mark that names its outcome. Shared by
 * the canvas and the SVG/PNG export, so the picture you save is the one you see.
 */
import type { NodeKind } from '../../../src/asl/graph.js';
import type { StateStatus } from '../model/execution-state.js';

export function shapePath(type: NodeKind, w: number, h: number): string {
  switch (type) {
    case 'Choice':
      return `M14,0 H${w - 14} L${w},${h / 2} L${w - 14},${h} H14 L0,${h / 2} Z`;
    case 'Wait':
      return `M10,0 H${w} L${w - 10},${h} H0 Z`;
    case 'Succeed':
    case 'Fail':
    case 'start':
    case 'end':
      return roundRect(w, h, h / 2);
    case 'Pass':
      return roundRect(w, h, 12);
    default:
      return roundRect(w, h, 5);
  }
}

function roundRect(w: number, h: number, r: number): string {
  return `M${r},0 H${w - r} A${r},${r} 0 0 1 ${w},${r} V${h - r} A${r},${r} 0 0 1 ${w - r},${h} H${r} A${r},${r} 0 0 1 0,${h - r} V${r} A${r},${r} 0 0 1 ${r},0 Z`;
}

export interface Paint {
  fill: string;
  stroke: string;
  text: string;
  dash?: string;
}

const TYPE_PAINT: Record<NodeKind, Paint> = {
  Task: { fill: '#e8f0fe', stroke: '#2f5bd3', text: '#172b4d' },
  Pass: { fill: '#f1f3f4', stroke: '#70757a', text: '#202124' },
  Wait: { fill: '#fff4e5', stroke: '#b06000', text: '#3c2a00' },
  Choice: { fill: '#f3e8fd', stroke: '#8430ce', text: '#2d0f4f' },
  Succeed: { fill: '#e6f4ea', stroke: '#188038', text: '#0d3b1e' },
  Fail: { fill: '#fce8e6', stroke: '#c5221f', text: '#5c0b09' },
  Parallel: { fill: '#e0f2f1', stroke: '#00796b', text: '#003d36' },
  Map: { fill: '#e0f2f1', stroke: '#00796b', text: '#003d36' },
  start: { fill: '#202124', stroke: '#202124', text: '#ffffff' },
  end: { fill: '#202124', stroke: '#202124', text: '#ffffff' },
  missing: { fill: '#fff8e1', stroke: '#d93025', text: '#5c0b09', dash: '4 3' },
  unknown: { fill: '#ffffff', stroke: '#9aa0a6', text: '#202124', dash: '2 2' },
};

const STATUS_PAINT: Record<StateStatus, Paint> = {
  succeeded: { fill: '#e6f4ea', stroke: '#188038', text: '#0d3b1e' },
  failed: { fill: '#fce8e6', stroke: '#d93025', text: '#5c0b09' },
  caught: { fill: '#fef3e0', stroke: '#e37400', text: '#3c2a00' },
  retried: { fill: '#e6f4ea', stroke: '#e37400', text: '#0d3b1e', dash: '6 3' },
  running: { fill: '#e8f0fe', stroke: '#1a73e8', text: '#172b4d' },
  aborted: { fill: '#f1f3f4', stroke: '#5f6368', text: '#3c4043' },
  notReached: { fill: '#ffffff', stroke: '#c4c7cc', text: '#80868b', dash: '3 3' },
};

export const STATUS_LABEL: Record<StateStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  caught: 'Caught',
  retried: 'Retried',
  running: 'Running',
  aborted: 'Aborted',
  notReached: 'Not reached',
};

/** A mark beside the name, so that an outcome never rests on colour alone. */
export const STATUS_MARK: Record<StateStatus, string> = {
  succeeded: '✓',
  failed: '✕',
  caught: '↪',
  retried: '↻',
  running: '●',
  aborted: '■',
  notReached: '○',
};

export function paintFor(type: NodeKind, status?: StateStatus): Paint {
  if (status && type !== 'start' && type !== 'end') return STATUS_PAINT[status];
  return TYPE_PAINT[type];
}

/** The second line of a state's box: what it calls, how long it waits, what it ends with. */
export function subtitle(type: NodeKind, state: Record<string, unknown> | undefined): string {
  if (!state) return type === 'missing' ? 'no such state' : '';
  switch (type) {
    case 'Task': {
      const resource = String(state.Resource ?? '');
      const args = (state.Parameters ?? state.Arguments) as Record<string, unknown> | undefined;
      const fn = args && typeof args === 'object' ? (args.FunctionName ?? args['FunctionName.$']) : undefined;
      const short = resource.replace(/^arn:aws:states:::/, '').replace(/^arn:aws:lambda:[^:]*:[^:]*:function:/, 'λ ');
      return fn ? `${short} · ${String(fn).replace(/^arn:.*:function:/, '')}` : short;
    }
    case 'Wait':
      return state.Seconds !== undefined ? `${String(state.Seconds)} s` : state.Timestamp ? `until ${String(state.Timestamp)}` : String(state.SecondsPath ?? state.TimestampPath ?? 'Wait');
    case 'Fail':
      return String(state.Error ?? state.ErrorPath ?? 'Fail');
    case 'Map':
      return `Map${state.MaxConcurrency ? ` · ≤${String(state.MaxConcurrency)} at once` : ''}`;
    default:
      return type;
  }
}
