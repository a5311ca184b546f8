import { ApiError } from '../api/api-error';
import type { MessageArg, MessageKey } from '../i18n/message-key';

/** One problem with one field, as the server reports it: a JSON pointer and a stable key (Ajv keyword or a reason). */
export interface FieldIssue { path: string; keyword?: string; params?: Record<string, unknown>; reason?: string }
export type Translate = (key: MessageKey, arg?: MessageArg) => string;

const KEYWORDS = ['required', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern',
  'format', 'type', 'enum', 'minItems', 'maxItems'] as const;
const REASONS = ['published', 'username', 'same', 'empty', 'withheld', 'invalidCharacters', 'tooShort', 'tooLong', 'invalid', 'sameTimes'] as const;
const CODES = ['campaignNameTaken', 'segmentNameTaken', 'offerNameTaken', 'usernameTaken', 'extensionTaken', 'listCodeTaken',
  'segmentRulesInvalid', 'forbidden', 'networkError', 'rateLimited', 'campaignInvalidState', 'unauthorized'] as const;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const includes = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);
/** 'offer.refusalCode' (a service rule's `field`) and '/offer/refusalCode' (Ajv's pointer) name the same field. */
export const toPointer = (field: string) => (field.startsWith('/') ? field : `/${field.split('.').join('/')}`);

function asIssue(raw: unknown): FieldIssue | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.path !== 'string') return null;
  return {
    path: toPointer(r.path), keyword: typeof r.keyword === 'string' ? r.keyword : undefined,
    params: r.params && typeof r.params === 'object' ? (r.params as Record<string, unknown>) : undefined,
    reason: typeof r.reason === 'string' ? r.reason : undefined,
  };
}

/** The field issues in an API error: schema issues (`details.issues`) or a service rule naming one `details.field`. */
export function issuesOf(err: unknown): FieldIssue[] {
  if (!(err instanceof ApiError)) return [];
  const d = err.details;
  if (Array.isArray(d.issues)) return d.issues.map(asIssue).filter((i): i is FieldIssue => i !== null);
  if (typeof d.field === 'string') return [{ path: toPointer(d.field), reason: typeof d.reason === 'string' ? d.reason : 'invalid' }];
  return [];
}

/** One issue in the user's language; never the server's English text. */
export function issueText(issue: FieldIssue, t: Translate): string {
  const reason = issue.reason ? camel(issue.reason) : '';
  if (reason && includes(REASONS, reason)) return t(`formErr.reason.${reason}`);
  const limit = issue.params?.limit;
  if (issue.keyword === 'minLength' && limit === 1) return t('formErr.kw.required');
  if (issue.keyword && includes(KEYWORDS, issue.keyword)) return t(`formErr.kw.${issue.keyword}`, { limit: String(limit ?? '') });
  return t('formErr.kw.invalid');
}

/** The headline of a failed save: what the error code means, or "check the highlighted fields" for field issues. */
export function summaryText(err: unknown, t: Translate): string {
  const code = err instanceof ApiError ? camel(err.code) : '';
  if (includes(CODES, code)) return t(`formErr.code.${code}`);
  if (issuesOf(err).length || code === 'validationFailed') return t('formErr.summary');
  return t('app.error');
}

/** A failure as one line, for the places that show no form (stores' status lines): the headline, then each issue. */
export function describeError(err: unknown, t: Translate): string {
  const issues = [...new Set(issuesOf(err).map((i) => issueText(i, t)))];
  return issues.length ? `${summaryText(err, t)}: ${issues.join('; ')}` : summaryText(err, t);
}
