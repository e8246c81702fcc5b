/** A laid-out graph as a standalone SVG document, and that SVG as a PNG (in the browser). */
import type { NodeKind } from '../../../src/asl/graph.js';
import type { StateStatus } from '../model/execution-state.js';
import { shorten, type LaidEdge, type LaidNode, type Layout, type Point } from './layout.js';
import { paintFor, shapePath, STATUS_MARK } from './shapes.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A Catch edge's curve: down out of the source, into the target from above. */
export function catchCurve(from: Point, to: Point): string {
  const bend = Math.max(40, Math.abs(to.y - from.y) / 2);
  return `M${from.x},${from.y} C${from.x},${from.y + bend} ${to.x},${to.y - bend} ${to.x},${to.y}`;
}

export function edgePath(edge: LaidEdge, nodes: Map<string, LaidNode>): string {
  if (edge.points.length >= 2) return `M${edge.points.map((p) => `${p.x},${p.y}`).join(' L')}`;
  const s = nodes.get(edge.source);
  const t = nodes.get(edge.target);
  if (!s || !t) return '';
  return catchCurve({ x: s.absX + s.width / 2, y: s.absY + s.height }, { x: t.absX + t.width / 2, y: t.absY });
}

export function layoutToSvg(layout: Layout, statuses: Map<string, { status: StateStatus }> = new Map()): string {
  const nodes = new Map(layout.nodes.map((n) => [n.id, n]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5f6368"/></marker></defs>',
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const n of layout.nodes) {
    if (n.kind === 'state') continue;
    const status = n.stateName ? statuses.get(n.stateName)?.status : undefined;
    const paint = paintFor(n.type, status);
    out.push(
      `<rect x="${n.absX}" y="${n.absY}" width="${n.width}" height="${n.height}" rx="8" fill="${n.kind === 'container' ? '#f8fbfb' : '#ffffff'}" stroke="${n.kind === 'container' ? paint.stroke : '#bdc1c6'}" stroke-dasharray="${n.kind === 'branch' ? '4 3' : ''}"/>`,
      `<text x="${n.absX + 10}" y="${n.absY + 18}" font-size="12" fill="#3c4043">${esc(n.label)}</text>`,
    );
  }
  for (const e of layout.edges) {
    const d = edgePath(e, nodes);
    if (!d) continue;
    out.push(`<path d="${d}" fill="none" stroke="#5f6368" stroke-width="1.4" ${e.kind === 'catch' ? 'stroke-dasharray="5 4"' : ''} marker-end="url(#arrow)"/>`);
    if (e.labelBox && e.shortLabel) {
      const b = e.labelBox;
      out.push(
        `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="3" fill="#ffffff" stroke="#dadce0"/>`,
        `<text x="${b.x + b.width / 2}" y="${b.y + b.height / 2 + 4}" font-size="11" text-anchor="middle" fill="#3c4043">${esc(e.shortLabel)}</text>`,
      );
    }
  }
  for (const n of layout.nodes) {
    if (n.kind !== 'state') continue;
    const status = n.stateName ? statuses.get(n.stateName)?.status : undefined;
    const paint = paintFor(n.type as NodeKind, status);
    const mark = status ? `${STATUS_MARK[status]} ` : '';
    out.push(
      `<g transform="translate(${n.absX},${n.absY})">`,
      `<path d="${shapePath(n.type, n.width, n.height)}" fill="${paint.fill}" stroke="${paint.stroke}" stroke-width="1.6" ${paint.dash ? `stroke-dasharray="${paint.dash}"` : ''}/>`,
      `<text x="${n.width / 2}" y="${n.height / 2 + 4}" font-size="13" font-weight="600" text-anchor="middle" fill="${paint.text}">${esc(mark + shorten(n.label, 34))}</text>`,
      '</g>',
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Renders SVG text onto a canvas at `scale` and returns it as a PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
