import { Type, type Static } from '@sinclair/typebox';
import { SegmentRule } from './segment-rules';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const SegmentView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  rules: Type.Unsafe<SegmentRule>(Type.Unknown({ description: 'the segment rule tree (see SegmentBody.rules)' })),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type SegmentView = Static<typeof SegmentView>;

export const SegmentBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  rules: SegmentRule,
}, { additionalProperties: false });
export type SegmentBody = Static<typeof SegmentBody>;

export const SegmentPatch = Type.Partial(SegmentBody, { additionalProperties: false });
export type SegmentPatch = Static<typeof SegmentPatch>;

export const PreviewBody = Type.Object({
  rules: SegmentRule,
  sampleSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
}, { additionalProperties: false });

export const PreviewQuery = Type.Object({ sampleSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })) });

export const SegmentMemberView = Type.Object({
  id: Type.Integer(),
  fullName: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  totalSpend: Type.String({ description: 'numeric as string (money)' }),
  lastContactAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  tags: Type.Array(Type.String()),
});

export type SegmentMemberView = Static<typeof SegmentMemberView>;

export const PreviewReply = Type.Object({ size: Type.Integer(), sample: Type.Array(SegmentMemberView) });
export type PreviewReply = Static<typeof PreviewReply>;
