import ts from 'typescript';
import path from 'node:path';

export interface LateHook { file: string; line: number; rule: 'assigns-another-object' | 'public-mutable-field' | 'setter-injection'; text: string }

// Finds collaborators set on a service after it was built (shared/DESIGN.md rule 14), in three shapes:
//   assigns-another-object  `wrapups.campaignOutcome = ...`: a property of an instance of one of our classes
//                           assigned from outside it (anything but `this`);
//   public-mutable-field    `campaignOutcome: Hook | null = null`: a field holding a function or one of our
//                           objects that is neither private, protected nor readonly, i.e. one that invites the
//                           assignment above (plain data fields, such as a simulator's timing, are not hooks);
//   setter-injection        `setLinkOrder(after) { this.linkAfter = after }`: a non-private method other than
//                           the constructor storing a function it was handed in a field of its own.
// "Our classes" are those declared in a file under `root`. Uses the type checker: a field's holder is known by
// its type, not by its name.
export function findLateHooks(program: ts.Program, root: string): LateHook[] {
  const checker = program.getTypeChecker();
  const inRoot = (f: ts.SourceFile) => !f.isDeclarationFile && !path.relative(root, f.fileName).startsWith('..');
  const found: LateHook[] = [];
  const report = (node: ts.Node, rule: LateHook['rule']) => {
    const sf = node.getSourceFile();
    found.push({ file: path.relative(root, sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, rule, text: node.getText().slice(0, 120) });
  };
  const isOurClassInstance = (t: ts.Type): boolean => {
    const decls = t.getSymbol()?.getDeclarations() ?? [];
    return decls.some((d) => ts.isClassDeclaration(d) && inRoot(d.getSourceFile()));
  };
  const isCallable = (t: ts.Type): boolean =>
    (t.isUnion() ? t.types : [t]).some((m) => m.getCallSignatures().length > 0);
  const isCollaborator = (t: ts.Type): boolean => (t.isUnion() ? t.types : [t]).some((m) => isCallable(m) || isOurClassInstance(m));
  const isPrivate = (m: ts.ClassElement) => ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)
    || (m.name !== undefined && ts.isPrivateIdentifier(m.name));
  const isAssignment = (k: ts.SyntaxKind) => k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;

  const visit = (node: ts.Node, method: ts.MethodDeclaration | ts.SetAccessorDeclaration | undefined) => {
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)
      && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))) {
      const holder = node.left.expression;
      if (holder.kind !== ts.SyntaxKind.ThisKeyword && isOurClassInstance(checker.getTypeAtLocation(holder))) report(node, 'assigns-another-object');
      if (holder.kind === ts.SyntaxKind.ThisKeyword && method && !isPrivate(method)) {
        const params = new Set(method.parameters.map((p) => checker.getSymbolAtLocation(p.name)).filter((s) => s !== undefined));
        let handedIn = false;
        const scan = (n: ts.Node) => {
          if (ts.isIdentifier(n)) {
            const s = checker.getSymbolAtLocation(n);
            if (s && params.has(s) && isCallable(checker.getTypeAtLocation(n))) handedIn = true;
          }
          n.forEachChild(scan);
        };
        scan(node.right);
        if (handedIn) report(node, 'setter-injection');
      }
    }
    if (ts.isPropertyDeclaration(node) && ts.isClassLike(node.parent)) {
      const flags = ts.getCombinedModifierFlags(node);
      if (!isPrivate(node) && !(flags & ts.ModifierFlags.Readonly) && !(flags & ts.ModifierFlags.Static)
        && isCollaborator(checker.getTypeAtLocation(node))) report(node, 'public-mutable-field');
    }
    const inMethod = ts.isMethodDeclaration(node) || ts.isSetAccessorDeclaration(node) ? node
      : ts.isConstructorDeclaration(node) || ts.isClassLike(node) ? undefined : method;
    node.forEachChild((child) => visit(child, inMethod));
  };
  for (const sf of program.getSourceFiles()) if (inRoot(sf)) visit(sf, undefined);
  return found;
}
