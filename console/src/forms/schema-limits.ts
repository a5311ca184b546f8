import type { TSchema } from '@sinclair/typebox';

type Node = TSchema & { properties?: Record<string, TSchema>; items?: TSchema; anyOf?: TSchema[]; allOf?: TSchema[]; maxLength?: number };

// Optional/Nullable fields are unions (anyOf); Partial/Intersect keep their properties under allOf or as is.
function branches(s: Node): Node[] {
  return [s, ...((s.anyOf ?? []) as Node[]), ...((s.allOf ?? []) as Node[])];
}

function child(s: Node, segment: string): Node | undefined {
  for (const b of branches(s)) {
    if (b.properties?.[segment]) return b.properties[segment] as Node;
    if (/^\d+$/.test(segment) && b.items) return b.items as Node;
  }
  return undefined;
}

/**
 * The maxLength the server's schema sets on a field (a dotted path: 'offer.terms', 'callingWindows.0.start'), so a
 * form's `maxlength` is the server's limit and cannot drift from it (issue #22.4). Undefined when the schema has none.
 */
export function maxLengthOf(schema: TSchema, path: string): number | undefined {
  let node: Node | undefined = schema as Node;
  for (const segment of path.split('.')) {
    node = node && child(node, segment);
    if (!node) return undefined;
  }
  for (const b of branches(node)) if (typeof b.maxLength === 'number') return b.maxLength;
  return undefined;
}

/** Every limit of a form at once: `limits(CampaignBody, ['name', 'offer.terms'])` → { name: 200, 'offer.terms': 4000 }. */
export function limitsOf<K extends string>(schema: TSchema, paths: readonly K[]): Record<K, number | undefined> {
  return Object.fromEntries(paths.map((p) => [p, maxLengthOf(schema, p)])) as Record<K, number | undefined>;
}
