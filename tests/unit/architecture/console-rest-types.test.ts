import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findHandWrittenShapes } from '../../support/hand-written-shapes';

// Rule 15 (shared/DESIGN.md), issue #25: the console's REST types are the server's reply schemas' Static types,
// re-exported from the contract (@contract/*). A shape declared by hand here drifts from what the server sends
// (it did: a customer's lastMood, the agent state's displayName and seq, a purchase's since were never sent).
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const files = ['console/src/api/types.ts', 'console/src/api/customer-adapter.ts'];

describe('console REST types come from the contract', () => {
  it('the checker finds the hand-written shapes types.ts used to declare', () => {
    const before = `
      import type { SegmentRule } from '@contract/segment-rules';
      export interface Segment { id: number; name: string; rules: SegmentRule }
      export type CampaignAgent = { userId: number; displayName: string };
      export type Page<T> = { items: T[]; total: number };
      export type Tasks = Array<{ id: number; kind: 'callback' | 'follow_up' }>;
      export type Labels = { [K in 'en' | 'ru']: string };
      export type MyAgentState = AgentStatusView & { wrapupDeadline: string | null };
      export type Mood = 'positive' | 'neutral';
      export type { SegmentView } from '@contract/segments.schemas';`;
    expect(findHandWrittenShapes('before.ts', before).map((s) => `${s.kind} ${s.name}`)).toEqual([
      'interface Segment', 'object type CampaignAgent', 'object type Page', 'object type Tasks', 'object type Labels', 'object type MyAgentState',
    ]);
  });

  for (const file of files) {
    it(`${file} declares no object shape by hand`, () => {
      const shapes = findHandWrittenShapes(file, readFileSync(`${repo}/${file}`, 'utf8'));
      expect(shapes.map((s) => `${file}:${s.line} ${s.kind} ${s.name}`)).toEqual([]);
    });
  }
});
