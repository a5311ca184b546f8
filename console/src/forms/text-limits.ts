// Limits for inputs on screens that should not carry the TypeBox schemas (sign-in, softphone, transfer, filters),
// written out. tests/unit/console/text-limits.test.ts checks each against the server's schema, so they cannot drift.
export const TEXT_LIMITS = {
  loginUsername: 64,
  password: 256,
  dialNumber: 40,
  transferNumber: 32,
  transferQueue: 64,
  customerSearch: 200,
  customerTag: 64,
  customerLeadSource: 64,
  customerRegion: 64,
  auditAction: 64,
  auditTarget: 128,
  /** A user id: Number.MAX_SAFE_INTEGER has 16 digits. */
  auditUserId: 16,
  reportQueue: 64,
  /** A comma list of at most 100 values of at most 100 characters, with their separators. */
  segmentList: 100 * 101,
  wrapupNotes: 10_000,
  wrapupCaseSubject: 300,
  wrapupCaseAgreed: 5000,
  wrapupTaskNote: 2000,
  wrapupRefusalNote: 500,
} as const;
