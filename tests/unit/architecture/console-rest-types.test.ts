import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findHandWrittenShapes, findUntypedReplies, reexportsOf } from '../../support/hand-written-shapes';

// Rule 15 (shared/DESIGN.md), issue #25: the console's REST types are the server's reply schemas' Static types,
// re-exported from the contract (@contract/*). A shape declared by hand here drifts from what the server sends
// (it did: a customer's lastMood, the agent state's displayName and seq, a purchase's since were never sent; the
// audit rows and the reports were typed by hand or not at all).
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const read = (file: string) => readFileSync(`${repo}/${file}`, 'utf8');
const files = ['console/src/api/types.ts', 'console/src/api/customer-adapter.ts', 'console/src/api/endpoints.ts'];
const ENDPOINTS = 'console/src/api/endpoints.ts';

// A name from ./types counts as the contract's when types.ts re-exports it from @contract (or from the adapter,
// whose type is inferred from a contract type).
const typesReexports = reexportsOf('types.ts', read('console/src/api/types.ts'));
const isContract = (module: string, name: string): boolean => module.startsWith('@contract/')
  || (module === './types' && /^@contract\/|^\.\/customer-adapter$/.test(typesReexports.get(name) ?? ''));

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

  it('the checker finds the untyped and inline replies endpoints.ts used to have', () => {
    const before = `
      import { getOrNull, http } from './http';
      import type { CallIdReply } from '@contract/agents.schemas';
      import type { AnalyticalReportName, AnalyticalReportViews } from '@contract/reports.schemas';
      import type { User, Mood } from './types';
      import type { Local } from './local';
      export const api = {
        me: () => http.get<User>('/api/auth/me'),
        hangup: () => http.post<CallIdReply>('/api/agents/me/call/hangup'),
        logout: () => http.post<null>('/api/auth/logout'),
        report: <N extends AnalyticalReportName>(name: N) => getOrNull<AnalyticalReportViews[N]>(name),
        transfer: () => http.post<{ callId: number }>('/api/agents/me/call/transfer'),
        audit: () => http.get<AuditRow[]>('/api/audit'),
        operational: () => getOrNull<unknown>('/api/reports/operational'),
        pauseReasons: async () => itemsOf(await getOrNull('/api/pause-reasons')),
        mood: () => http.get<Mood>('/x'),
        local: () => http.get<Local[]>('/y'),
        loose: <T>(path: string) => http.get<T>(path),
      };`;
    const reexports = new Map([['User', '@contract/auth.schemas'], ['Mood', './types']]);
    const sut = (module: string, name: string) => module.startsWith('@contract/') || (module === './types' && (reexports.get(name) ?? '').startsWith('@contract/'));
    expect(findUntypedReplies('before.ts', before, sut).map((r) => `${r.call}: ${r.problem}`)).toEqual([
      'http.post: a shape written inline',
      'http.get: AuditRow is not imported from the contract',
      'getOrNull: unknown is not a contract type',
      'getOrNull: no reply type (unknown)',
      'http.get: Mood comes from ./types, not the contract',
      'http.get: Local comes from ./local, not the contract',
      'http.get: type parameter T has no contract constraint',
    ]);
  });

  for (const file of files) {
    it(`${file} declares no object shape by hand`, () => {
      const shapes = findHandWrittenShapes(file, read(file));
      expect(shapes.map((s) => `${file}:${s.line} ${s.kind} ${s.name}`)).toEqual([]);
    });
  }

  it(`every REST call in ${ENDPOINTS} is typed with the contract's reply type`, () => {
    const untyped = findUntypedReplies(ENDPOINTS, read(ENDPOINTS), isContract);
    expect(untyped.map((r) => `${ENDPOINTS}:${r.line} ${r.call}: ${r.problem}`)).toEqual([]);
  });
});
