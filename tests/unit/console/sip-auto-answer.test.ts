import { describe, expect, it } from 'vitest';
import { isAutoAnswer } from '../../../console/src/softphone/sip-js-softphone';

// The browser softphone answers by itself only the PBX's own ring for an Originate (server/pbx/ami-pbx-port.ts adds
// `Call-Info: <sip:warmline.invalid>;answer-after=0`); any other INVITE rings for the operator to answer.
describe('isAutoAnswer', () => {
  it.each([
    ['<sip:warmline.invalid>;answer-after=0', true],
    ['<sip:pbx>; Answer-After = 0', true],
    ['<sip:pbx>;answer-after=0;purpose=icon', true],
    ['<sip:pbx>;answer-after=10', false],
    ['<sip:pbx>;purpose=icon', false],
    ['', false],
    [undefined, false],
  ])('%j -> %s', (header, expected) => {
    expect(isAutoAnswer(header)).toBe(expected);
  });
});
