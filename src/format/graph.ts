/** Renders queued blocks and their dependency edges. */
import { levels } from '../queue/graph.js';
import { displayStatus, type WorkBlock } from '../queue/types.js';
import { clip } from './table.js';

const label = (b: WorkBlock) => `#${b.id} ${clip(b.name ?? b.task, 40)} [${displayStatus(b)}]`;

export function graphText(blocks: WorkBlock[]): string {
  if (!blocks.length) return 'Queue is empty.';
  const byId = new Map(blocks.map((b) => [String(b.id), b]));
  const lines: string[] = [];
  levels(blocks.map((b) => ({ key: String(b.id), deps: b.dependsOn.map(String) }))).forEach((ids, i) => {
    lines.push(`level ${i + 1}:`);
    for (const id of ids) {
      const b = byId.get(id)!;
      lines.push(`  ${label(b)}${b.dependsOn.length ? `  <- ${b.dependsOn.map((d) => `#${d}`).join(', ')}` : ''}`);
    }
  });
  return lines.join('\n');
}

const quote = (text: string) => text.replace(/["\\]/g, '\\$&');

export function graphDot(blocks: WorkBlock[]): string {
  const nodes = blocks.map((b) => `  b${b.id} [label="${quote(label(b))}"];`);
  const edges = blocks.flatMap((b) => b.dependsOn.map((d) => `  b${d} -> b${b.id};`));
  return ['digraph workblock {', '  rankdir=LR;', ...nodes, ...edges, '}'].join('\n');
}

export function graphMermaid(blocks: WorkBlock[]): string {
  const nodes = blocks.map((b) => `  b${b.id}["${label(b).replace(/"/g, '#quot;')}"]`);
  const edges = blocks.flatMap((b) => b.dependsOn.map((d) => `  b${d} --> b${b.id}`));
  return ['graph TD', ...nodes, ...edges].join('\n');
}
