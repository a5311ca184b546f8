import { Type, type Static } from '@sinclair/typebox';
import { SetStateBody } from './agents.schemas';

// The client -> server socket commands: each command's payload as a TypeBox schema. The gateway validates every
// payload against the schema named here (a command cannot be registered without one), and ClientToServerEvents
// (wire-events.ts) types the console's payloads from the same schemas.

export const SpyBody = Type.Object({
  callId: Type.Integer({ minimum: 1 }),
  mode: Type.Union([Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')]),
}, { additionalProperties: false });
export type SpyBody = Static<typeof SpyBody>;

export const ControlBody = Type.Object({
  userId: Type.Integer({ minimum: 1 }),
  action: Type.Union([Type.Literal('pause'), Type.Literal('unpause'), Type.Literal('logoff')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
}, { additionalProperties: false });
export type ControlBody = Static<typeof ControlBody>;

const NoPayload = Type.Object({}, { additionalProperties: false });

export const SOCKET_COMMANDS = {
  'agent:set-state': SetStateBody,
  'agent:login': NoPayload,
  'supervision:spy': SpyBody,
  'supervision:agent-control': ControlBody,
  'supervision:snapshot': Type.Object({}),
} as const;

export type SocketCommandName = keyof typeof SOCKET_COMMANDS;
export type SocketCommandPayload<K extends SocketCommandName> = Static<(typeof SOCKET_COMMANDS)[K]>;
