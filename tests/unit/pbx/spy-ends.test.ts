import { describe, expect, it } from 'vitest';
import { SPY_STOPPED, SpyEnds } from '../../../server/pbx/spy-sessions';
import { SPY_VARIABLE } from '../../../server/pbx/ami-translator';

// Which spying channels a node's AMI link knows are leaving, from that link's own frames (ChanSpy may still list them).
const frame = (event: string, uniqueid: string, extra: Record<string, string> = {}) => ({ event, uniqueid, ...extra });

describe('SpyEnds', () => {
  it('counts a channel leaving from its hangup request or a Stop\'s VarSet, and forgets it at its Hangup', () => {
    const sut = new SpyEnds(SPY_VARIABLE);
    sut.learn(frame('HangupRequest', '1.1'));
    sut.learn(frame('SoftHangupRequest', '1.2'));
    sut.learn(frame('VarSet', '1.3', { variable: SPY_VARIABLE, value: SPY_STOPPED }));
    sut.learn(frame('VarSet', '1.4', { variable: SPY_VARIABLE, value: 'listen' }));
    sut.learn(frame('VarSet', '1.5', { variable: 'RECORDING_FILE', value: SPY_STOPPED }));
    sut.learn(frame('Newstate', '1.6'));
    expect(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'].filter((u) => sut.has(u))).toEqual(['1.1', '1.2', '1.3']);
    sut.learn(frame('Hangup', '1.1'));
    expect(sut.has('1.1')).toBe(false);
  });

  it('keeps the newest 1,000 (a Hangup missed while the link was down never removes its channel)', () => {
    const sut = new SpyEnds(SPY_VARIABLE);
    for (let i = 0; i < 1001; i++) sut.add(`9.${i}`);
    expect([sut.has('9.0'), sut.has('9.1'), sut.has('9.1000')]).toEqual([false, true, true]);
  });
});
