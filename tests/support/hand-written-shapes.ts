import ts from 'typescript';

export interface HandWrittenShape { name: string; line: number; kind: 'interface' | 'object type' }

/**
 * Object shapes declared by hand in a TypeScript file: interfaces, and object type literals anywhere in a type
 * alias (`type X = { ... }`, `Array<{ ... }>`, `T & { ... }`). Unions of literals (`'a' | 'b'`) and types taken from
 * elsewhere (`export type { X } from`, `typeof`, `ReturnType<...>`) are not shapes and pass.
 */
export function findHandWrittenShapes(fileName: string, text: string): HandWrittenShape[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: HandWrittenShape[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const owner = (node: ts.Node): string => {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      if ((ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n)) && n.name) return n.name.getText(source);
    }
    return '(anonymous)';
  };
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      found.push({ name: node.name.text, line: lineOf(node), kind: 'interface' });
      return;
    }
    if (ts.isTypeLiteralNode(node) || ts.isMappedTypeNode(node)) {
      found.push({ name: owner(node), line: lineOf(node), kind: 'object type' });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
