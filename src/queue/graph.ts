/** Dependency graphs as plain data: cycle detection and execution levels (what can run in parallel). */

export interface GraphNode {
  key: string;
  deps: string[];
}

/** Returns one cycle as a path of keys (first key repeated at the end), or null when acyclic. */
export function findCycle(nodes: GraphNode[]): string[] | null {
  const deps = new Map(nodes.map((n) => [n.key, n.deps]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, 'visiting');
    stack.push(key);
    for (const d of deps.get(key) ?? []) {
      if (!deps.has(d)) continue;
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(key, 'done');
    return null;
  };
  for (const n of nodes) {
    const cycle = visit(n.key);
    if (cycle) return cycle;
  }
  return null;
}

/** Groups nodes into levels: each level depends only on earlier ones. Dependencies outside the set count as met. */
export function levels(nodes: GraphNode[]): string[][] {
  const known = new Set(nodes.map((n) => n.key));
  const level = new Map<string, number>();
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const depth = (key: string, seen: Set<string>): number => {
    const cached = level.get(key);
    if (cached !== undefined) return cached;
    if (seen.has(key)) throw new Error(`cycle through ${key}`);
    seen.add(key);
    const inner = (byKey.get(key)?.deps ?? []).filter((d) => known.has(d));
    const value = inner.length ? 1 + Math.max(...inner.map((d) => depth(d, seen))) : 0;
    level.set(key, value);
    return value;
  };
  const out: string[][] = [];
  for (const n of nodes) {
    const l = depth(n.key, new Set());
    (out[l] ??= []).push(n.key);
  }
  return out.filter(Boolean);
}
