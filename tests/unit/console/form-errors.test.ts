import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../console/src/api/api-error';
import { describeError, issueText, issuesOf, summaryText, type Translate } from '../../../console/src/forms/form-errors';
import formErrors from '../../../console/src/i18n/features/form-errors';

// Issue #22.4: server validation errors become per-field messages in the user's language, never the server's
// English text. Catches: a raw Ajv message shown, a missing key in a language, a service rule's field not placed.
function translator(locale: keyof typeof formErrors): Translate {
  return (key, arg) => {
    const path = key.split('.');
    if (path[0] === 'app') return `app:${path[1]}`;
    let node: unknown = formErrors[locale];
    for (const p of path) node = (node as Record<string, unknown>)[p];
    if (typeof node !== 'string') throw new Error(`no message ${key} in ${locale}`);
    return node.replace(/\{(\w+)\}/g, (_, n: string) => String((arg as Record<string, unknown>)[n]));
  };
}

const schemaError = new ApiError(400, 'validation-failed', 'body/offer/price must be >= 0', {
  part: 'body', issues: [{ path: '/offer/price', message: 'must be >= 0', keyword: 'minimum', params: { comparison: '>=', limit: 0 } }],
});

describe('form errors', () => {
  it('place a schema issue at its field pointer', () => {
    expect(issuesOf(schemaError)).toEqual([{ path: '/offer/price', keyword: 'minimum', params: { comparison: '>=', limit: 0 }, reason: undefined }]);
  });

  it('place a service rule naming a dotted field', () => {
    const err = new ApiError(400, 'validation-failed', 'The new password must differ', { field: 'newPassword', reason: 'same' });
    expect(issuesOf(err)).toEqual([{ path: '/newPassword', reason: 'same' }]);
    expect(issuesOf(new ApiError(400, 'validation-failed', 'x', { field: 'offer.refusalCode' }))[0]!.path).toBe('/offer/refusalCode');
  });

  it('translate keywords with their limit and reasons, in every language, never echoing the English text', () => {
    for (const l of ['en', 'ru', 'mn', 'hi', 'id'] as const) {
      const t = translator(l);
      const msg = issueText({ path: '/name', keyword: 'maxLength', params: { limit: 200 } }, t);
      expect(msg).toContain('200');
      expect(msg).not.toMatch(/must NOT/);
      expect(issueText({ path: '/newPassword', reason: 'published' }, t)).toBe(formErrors[l].formErr.reason.published);
      expect(issueText({ path: '/phones/0/number', reason: 'invalid-characters' }, t)).toBe(formErrors[l].formErr.reason.invalidCharacters);
    }
    expect(issueText({ path: '/name', keyword: 'maxLength', params: { limit: 200 } }, translator('ru'))).toBe('Не больше 200 символов');
  });

  it('read a minLength of 1 as required and an unknown keyword as not accepted', () => {
    const t = translator('en');
    expect(issueText({ path: '/name', keyword: 'minLength', params: { limit: 1 } }, t)).toBe('Required');
    expect(issueText({ path: '/x', keyword: 'uniqueItems' }, t)).toBe('This value is not accepted');
  });

  it('headline a validation failure, a known code, or a generic error for the rest', () => {
    const t = translator('en');
    expect(summaryText(schemaError, t)).toBe('Check the highlighted fields');
    expect(summaryText(new ApiError(409, 'campaign-name-taken', 'Campaign "x" exists'), t)).toBe('A campaign with this name already exists');
    expect(summaryText(new ApiError(500, 'internal-error', 'boom'), t)).toBe('app:error');
    expect(summaryText(new Error('TypeError: x is undefined'), t)).toBe('app:error');
  });

  it('describe a failure in one line, each issue once', () => {
    const twice = new ApiError(400, 'validation-failed', 'x', { issues: [{ path: '/a', keyword: 'required' }, { path: '/b', keyword: 'required' }] });
    expect(describeError(twice, translator('en'))).toBe('Check the highlighted fields: Required');
  });
});
