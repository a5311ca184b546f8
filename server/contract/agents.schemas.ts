import { Type, type Static } from '@sinclair/typebox';

export const AgentStateView = Type.Object({
  userId: Type.Integer(),
  state: Type.Union(['offline', 'ready', 'paused', 'ringing', 'on_call', 'wrapup'].map((s) => Type.Literal(s))),
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.String(),
  callId: Type.Union([Type.Integer(), Type.Null()]),
  wrapupDeadline: Type.Union([Type.String(), Type.Null()]),
});

export const SetStateBody = Type.Object({
  state: Type.Union([Type.Literal('ready'), Type.Literal('paused')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
}, { additionalProperties: false });
export type SetStateBody = Static<typeof SetStateBody>;

/** The call the agent is on or ringing with, and its pop (CallSummary and ScreenPopPayload of wire-events.ts). */
export const CurrentCallView = Type.Object({
  call: Type.Union([Type.Unknown(), Type.Null()]),
  pop: Type.Union([Type.Unknown(), Type.Null()]),
});
