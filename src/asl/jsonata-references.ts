/**
 * Which names a JSONata expression reads from the top-level context. Step Functions evaluates
 * expressions with no context item (the input is `$states.input`, variables are `$name`), and AWS
 * refuses a definition whose expression reads one: `Reference to 'phone' at the top level is not
 * supported.` Only the first step of a path reads the top level; later steps, predicates and
 * grouping run against the value before them. A lambda body keeps its defining context, so its
 * bare names are top-level too.
 */

/** The parts of jsonata's parse tree this walk reads. */
interface AstNode {
  type: string;
  value?: unknown;
  steps?: AstNode[];
  lhs?: AstNode | [AstNode, AstNode][];
  rhs?: AstNode;
  expression?: AstNode;
  expressions?: AstNode[];
  procedure?: AstNode;
  arguments?: AstNode[];
  body?: AstNode;
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
}

/** Distinct top-level references in the order written; `$` is the context item, `$$` its root. */
export function topLevelReferences(ast: AstNode): string[] {
  const names = new Set<string>();
  collect(ast, names);
  return [...names];
}

function collect(node: AstNode | undefined, names: Set<string>): void {
  if (node === undefined) return;
  const all = (nodes: AstNode[] | undefined) => nodes?.forEach((n) => collect(n, names));
  switch (node.type) {
    case 'path':
      collect(node.steps?.[0], names);
      return;
    case 'name':
      names.add(String(node.value));
      return;
    case 'variable':
      if (node.value === '') names.add('$');
      else if (node.value === '$') names.add('$$');
      return;
    case 'unary':
      if (node.value === '[') all(node.expressions);
      else if (node.value === '{') (node.lhs as [AstNode, AstNode][]).forEach((pair) => all(pair));
      else collect(node.expression, names);
      return;
    case 'binary':
    case 'apply':
      collect(node.lhs as AstNode, names);
      collect(node.rhs, names);
      return;
    case 'bind':
      collect(node.rhs, names);
      return;
    case 'function':
    case 'partial':
      collect(node.procedure, names);
      all(node.arguments);
      return;
    case 'lambda':
      collect(node.body, names);
      return;
    case 'condition':
      collect(node.condition, names);
      collect(node.then, names);
      collect(node.else, names);
      return;
    case 'block':
      all(node.expressions);
      return;
    default:
      // Literals, regexes, wildcards, descendants and transforms read no top-level name.
      return;
  }
}
