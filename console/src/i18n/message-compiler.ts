import type { MessageCompiler, MessageContext, MessageFunction } from 'vue-i18n';

// The console's messages use a small part of vue-i18n's syntax: text, {name} / {0} placeholders and "a | b | c"
// plural forms (no linked @: messages, no {'literal'}). This compiler covers exactly that, so the bundle ships
// vue-i18n's runtime without its message compiler (issue #22.6: first-screen bytes). Anything else in a catalog is
// refused loudly instead of being shown wrong; tests/unit/console/message-compiler.test.ts renders every message of
// every catalog with both compilers and expects the same text.
type Part = string | { named: string } | { list: number };

function parseCase(source: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '{') {
      const end = source.indexOf('}', i);
      const name = end < 0 ? '' : source.slice(i + 1, end).trim();
      if (!/^\w+$/.test(name)) throw new SyntaxError(`unsupported placeholder in message: ${source}`);
      if (text) parts.push(text);
      text = '';
      parts.push(/^\d+$/.test(name) ? { list: Number(name) } : { named: name });
      i = end;
    } else if (c === '}' || c === '@') {
      throw new SyntaxError(`unsupported syntax in message: ${source}`);
    } else {
      text += c;
    }
  }
  if (text) parts.push(text);
  return parts;
}

export function parseMessage(source: string): Part[][] {
  const cases = source.split('|');
  // vue-i18n trims the blanks around a plural separator, and only there.
  return cases.map((c, i) => parseCase(cases.length > 1 ? (i === 0 ? c.trimEnd() : i === cases.length - 1 ? c.trimStart() : c.trim()) : c));
}

// What vue-i18n's own compiled messages call (core-base's format()); not in its public MessageContext type.
type Ctx = MessageContext & { normalize(values: unknown[]): unknown; interpolate(value: unknown): unknown };

function render(ctx: Ctx, parts: Part[]): unknown {
  return ctx.normalize(parts.map((p) => (typeof p === 'string' ? p : ctx.interpolate('list' in p ? ctx.list(p.list) : ctx.named(p.named)))));
}

export const compileMessage: MessageCompiler = (message) => {
  if (typeof message !== 'string') throw new TypeError('precompiled messages are not used');
  const cases = parseMessage(message);
  const fn = (ctx: Ctx) => (cases.length > 1 ? ctx.plural(cases.map((c) => render(ctx, c)) as never) : render(ctx, cases[0]!));
  return fn as MessageFunction;
};
