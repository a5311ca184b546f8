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

export interface UntypedReply { call: string; line: number; problem: string }

/**
 * The names a module re-exports, with the module each comes from: `export type { A as B } from 'm'`, or
 * `import type { A } from 'm'` then `export type { A }`.
 */
export function reexportsOf(fileName: string, text: string): Map<string, string> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const imported = new Map<string, string>();
  for (const st of source.statements) {
    const bindings = ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) ? st.importClause?.namedBindings : undefined;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) imported.set(el.name.text, (st as ts.ImportDeclaration & { moduleSpecifier: ts.StringLiteral }).moduleSpecifier.text);
  }
  const out = new Map<string, string>();
  for (const st of source.statements) {
    if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
    for (const el of st.exportClause.elements) {
      const module = from ?? imported.get((el.propertyName ?? el.name).text);
      if (module) out.set(el.name.text, module);
    }
  }
  return out;
}

const REST_CALL = /^(?:http\.(?:get|post|put|patch|del|upload)|getOrNull)$/;

/**
 * The console's REST calls (`http.get<T>(...)`, `getOrNull<T>(...)`, ...) whose reply type is not the contract's:
 * no type argument (the reply is then unknown), `unknown`/`any`, a shape written inline, or a name that does not come
 * from the contract. `isContract(module, name)` says whether a name imported from a module is a contract type;
 * `null` (no body: 204) passes, and so does a type parameter whose constraint is the contract's.
 */
export function findUntypedReplies(fileName: string, text: string, isContract: (module: string, name: string) => boolean): UntypedReply[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const imported = new Map<string, { module: string; name: string }>();
  for (const st of source.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) imported.set(el.name.text, { module: st.moduleSpecifier.text, name: (el.propertyName ?? el.name).text });
    }
  }
  const typeParams = new Map<string, ts.TypeNode | undefined>();
  const collect = (node: ts.Node): void => {
    if (ts.isTypeParameterDeclaration(node)) typeParams.set(node.name.text, node.constraint);
    ts.forEachChild(node, collect);
  };
  collect(source);

  const problemOf = (type: ts.TypeNode): string | null => {
    if (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isArrayTypeNode(type)) return problemOf(type.elementType);
    if (ts.isIndexedAccessTypeNode(type)) return problemOf(type.objectType) ?? problemOf(type.indexType);
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
      const name = type.typeName.text;
      if (typeParams.has(name)) {
        const constraint = typeParams.get(name);
        return constraint ? problemOf(constraint) : `type parameter ${name} has no contract constraint`;
      }
      const from = imported.get(name);
      if (!from) return `${name} is not imported from the contract`;
      if (!isContract(from.module, from.name)) return `${name} comes from ${from.module}, not the contract`;
      return (type.typeArguments ?? []).map(problemOf).find((p) => p !== null) ?? null;
    }
    if (ts.isTypeLiteralNode(type)) return 'a shape written inline';
    return `${type.getText(source)} is not a contract type`;
  };

  const found: UntypedReply[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && REST_CALL.test(node.expression.getText(source))) {
      const call = node.expression.getText(source);
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const args = node.typeArguments ?? [];
      const problem = args.length === 0 ? 'no reply type (unknown)' : args.map(problemOf).find((p) => p !== null);
      if (problem) found.push({ call, line, problem });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
