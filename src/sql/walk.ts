/**
 * A generic walk over libpg-query's JSON tree. Nodes are `{ TypeName: {...} }` wrappers; the callback gets the
 * type, the inner object and the chain of enclosing node types. This runs over every statement of every file,
 * so it avoids allocating: no Object.keys/values arrays, no regular expressions.
 */
export type NodeVisitor = (type: string, node: any, ancestors: readonly AncestorEntry[]) => void;

export interface AncestorEntry {
  type: string;
  node: any;
}

export function walkNode(wrapper: unknown, visit: NodeVisitor, ancestors: AncestorEntry[] = []): void {
  if (Array.isArray(wrapper)) {
    for (let i = 0; i < wrapper.length; i++) walkNode(wrapper[i], visit, ancestors);
    return;
  }
  if (!wrapper || typeof wrapper !== 'object') return;
  const type = wrapperType(wrapper as Record<string, unknown>);
  if (type !== null) {
    const node = (wrapper as Record<string, unknown>)[type];
    visit(type, node, ancestors);
    ancestors.push({ type, node });
    walkChildren(node, visit, ancestors);
    ancestors.pop();
    return;
  }
  walkChildren(wrapper, visit, ancestors);
}

/** The node type when `value` is a `{ TypeName: {...} }` wrapper: exactly one key, starting with a capital. */
function wrapperType(value: Record<string, unknown>): string | null {
  let found: string | null = null;
  for (const key in value) {
    if (found !== null) return null;
    found = key;
  }
  if (found === null) return null;
  const first = found.charCodeAt(0);
  return first >= 65 && first <= 90 ? found : null;
}

function walkChildren(node: unknown, visit: NodeVisitor, ancestors: AncestorEntry[]): void {
  if (!node || typeof node !== 'object') return;
  for (const key in node as Record<string, unknown>) {
    const value = (node as Record<string, unknown>)[key];
    if (value !== null && typeof value === 'object') walkNode(value, visit, ancestors);
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
