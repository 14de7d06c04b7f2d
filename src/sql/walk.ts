/**
 * A generic walk over libpg-query's JSON tree. Nodes are `{ TypeName: {...} }` wrappers; the callback gets the
 * type, the inner object and the chain of enclosing node types.
 */
export type NodeVisitor = (type: string, node: any, ancestors: readonly AncestorEntry[]) => void;

export interface AncestorEntry {
  type: string;
  node: any;
}

export function walkNode(wrapper: unknown, visit: NodeVisitor, ancestors: AncestorEntry[] = []): void {
  if (Array.isArray(wrapper)) {
    for (const item of wrapper) walkNode(item, visit, ancestors);
    return;
  }
  if (!wrapper || typeof wrapper !== 'object') return;
  const keys = Object.keys(wrapper);
  if (keys.length === 1 && /^[A-Z]/.test(keys[0])) {
    const type = keys[0];
    const node = (wrapper as Record<string, unknown>)[type];
    visit(type, node, ancestors);
    ancestors.push({ type, node });
    walkChildren(node, visit, ancestors);
    ancestors.pop();
    return;
  }
  walkChildren(wrapper, visit, ancestors);
}

function walkChildren(node: unknown, visit: NodeVisitor, ancestors: AncestorEntry[]): void {
  if (!node || typeof node !== 'object') return;
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') walkNode(value, visit, ancestors);
  }
}

/** Every node of a given type under `wrapper` (including itself). */
export function findNodes(wrapper: unknown, type: string): any[] {
  const found: any[] = [];
  walkNode(wrapper, (t, node) => {
    if (t === type) found.push(node);
  });
  return found;
}
