import type { Plugin } from 'vite';

// A feature catalog (console/src/i18n/features/*.ts) holds its five languages side by side, which keeps a feature's
// translations in one file. Imported as `shift.ts?locale=ru` by the Russian catalog chunk, the module keeps only
// the `ru` entry of its `export default defineFeature({...})`, so that chunk carries one language (issue #22.6).
// A file of another shape is left whole: still correct, only bigger.
interface Node { type: string; start: number; end: number; [k: string]: unknown }

export function localeSplit(): Plugin {
  return {
    name: 'warmline:feature-locale-split',
    enforce: 'post',
    transform(code, id) {
      const m = /\/i18n\/features\/[^/?]+\.ts\?(?:.*&)?locale=([a-z]{2})\b/.exec(id);
      if (!m) return null;
      const locale = m[1]!;
      const program = this.parse(code) as unknown as { body: Node[] };
      const exp = program.body.find((n) => n.type === 'ExportDefaultDeclaration');
      const call = exp?.declaration as Node | undefined;
      const obj = call?.type === 'CallExpression' ? (call.arguments as Node[])[0] : undefined;
      if (!obj || obj.type !== 'ObjectExpression') return null;
      const keep = (obj.properties as Node[]).find((p) => p.type === 'Property' && ((p.key as Node & { name?: string; value?: string }).name ?? (p.key as { value?: string }).value) === locale);
      if (!keep) return null;
      const value = keep.value as Node;
      return { code: `${code.slice(0, obj.start)}{ ${locale}: ${code.slice(value.start, value.end)} }${code.slice(obj.end)}`, map: null };
    },
  };
}
