import { STATE_DESC, type Frame, type Header, type SimModel } from './sim-model';
import type { SimSession } from './sim-server';
import type { ActionFrame } from './sim-wire';
import type { SimEngine } from './sim-engine';
import type { OriginateSpec } from './sim-engine-legs';
import type { SimPredictive } from './sim-predictive';
import { queueMemberAction, type SimQueueMembership } from './sim-queue-members';

// AMI actions the simulator answers, with Asterisk 20's response texts and list shapes (EventList/ListItems).

/** How the simulator answers one action: normally, never ('ignore') or after that many milliseconds. */
export type ActionBehaviour = 'ignore' | number | undefined;

/**
 * What the actions act on: the simulator (pbx-simulator.ts), which hands itself in. Declared here so that this
 * file does not import the simulator that imports it.
 */
export interface ActionTarget {
  readonly options: { readonly username: string; readonly secret: string; readonly tech: string };
  readonly model: SimModel;
  readonly engine: SimEngine;
  behaviourFor(action: string): ActionBehaviour;
  originateFromAction(spec: OriginateSpec): unknown;
  hangupChannel(name: string): boolean;
  pauseMember(iface: string, paused: boolean, reason: string, queue: string | null): boolean;
  redirect(name: string, exten: string): boolean;
  blindTransferAction(channel: string, context: string, exten: string): string | null;
  atxferAction(channel: string, context: string, exten: string): string | null;
  cancelAtxferAction(channel: string): string | null;
  playDtmfAction(channel: string, digit: string): string | null;
  readonly predictive: Pick<SimPredictive, 'originate' | 'redirect'>;
  populateCache(name: string): boolean;
  readonly queueMembership: SimQueueMembership;
}

export function handleAction(sim: ActionTarget, s: SimSession, a: ActionFrame, delayed = false): void {
  const id = a.headers.get('actionid');
  const idH: Header[] = id !== undefined ? [['ActionID', id]] : [];
  const ok = (...rest: Header[]): void => s.send([['Response', 'Success'], ...idH, ...rest]);
  const err = (message: string): void => s.send([['Response', 'Error'], ...idH, ['Message', message]]);
  const behaviour = delayed ? undefined : sim.behaviourFor(a.name);
  if (behaviour === 'ignore') return;
  if (typeof behaviour === 'number') {
    setTimeout(() => handleAction(sim, s, a, true), behaviour);
    return;
  }
  if (a.name === 'login') {
    const user = a.headers.get('username');
    const secret = a.headers.get('secret');
    if (user !== sim.options.username || secret !== sim.options.secret) { err('Authentication failed'); s.close(); return; }
    s.authed = true;
    s.events = (a.headers.get('events') ?? 'on').toLowerCase() !== 'off';
    ok(['Message', 'Authentication accepted']);
    if (s.events) s.send([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', '177'], ['LastReload', '177'], ['Status', 'Fully Booted']]);
    return;
  }
  if (!s.authed) { err('Authentication Required'); return; }
  switch (a.name) {
    case 'logoff': s.send([['Response', 'Goodbye'], ...idH, ['Message', 'Thanks for all the fish.']]); s.close(); return;
    case 'ping': ok(['Ping', 'Pong'], ['Timestamp', sim.model.timestamp()]); return;
    case 'events': s.events = (a.headers.get('eventmask') ?? 'on').toLowerCase() !== 'off'; ok(['Events', s.events ? 'On' : 'Off']); return;
    case 'filter': {
      // manager.c action_filter: only Operation Add exists; the filter is kept for this session only.
      if ((a.headers.get('operation') ?? '').toLowerCase() !== 'add') { err('Unknown operation'); return; }
      if (s.filters.add(a.headers.get('filter') ?? '') !== 'ok') { err('Filter did not compile.  Check the syntax of the filter given.'); return; }
      ok(['Message', 'Success']);
      return;
    }
    case 'coresettings':
      ok(['AMIversion', '9.0.0'], ['AsteriskVersion', '20.20.1'], ['SystemName', ''], ['CoreMaxCalls', '0'], ['CoreMaxLoadAvg', '0.000000'],
        ['CoreRunUser', ''], ['CoreRunGroup', ''], ['CoreMaxFilehandles', '0'], ['CoreRealTimeEnabled', 'No'], ['CoreCDRenabled', 'Yes'],
        ['CoreHTTPenabled', 'No'], ['SoundsSearchCustomDir', 'No']);
      return;
    case 'queuestatus': return list(s, idH, 'Queue status will follow', 'QueueStatusComplete', queueStatus(sim, a.headers.get('queue')));
    case 'coreshowchannels': return list(s, idH, 'Channels will follow', 'CoreShowChannelsComplete', coreShowChannels(sim));
    case 'status': return list(s, idH, 'Channel status will follow', 'StatusComplete', status(sim));
    case 'originate': {
      const channel = a.headers.get('channel') ?? '';
      // A predictive dial (pbx-config: Local/<number>@dial-out/n into campaign-answered; or the carrier straight into
      // campaign-predictive).
      const viaDialOut = /^Local\/[^@]+@dial-out(\/|$)/i.test(channel) && a.headers.get('context') === 'campaign-answered';
      if (viaDialOut || (a.headers.get('context') ?? '') === 'campaign-predictive') {
        const number = (channel.split('/')[1] ?? '').split('@')[0] ?? '';
        if (!number) { err('Channel not specified'); return; }
        ok(['Message', 'Originate successfully queued']);
        sim.predictive.originate({ actionId: id ?? '', number, variables: a.variables, callerId: a.headers.get('callerid') ?? null, viaDialOut });
        return;
      }
      const ext = channel.split('/')[1] ?? '';
      if (!ext) { err('Channel not specified'); return; }
      ok(['Message', 'Originate successfully queued']);
      sim.originateFromAction({ ext, actionId: id ?? '', context: a.headers.get('context') ?? 'from-agents',
        exten: a.headers.get('exten') ?? '', callerId: a.headers.get('callerid') ?? null, variables: a.variables,
        application: a.headers.get('application') ?? null, data: a.headers.get('data') ?? null });
      return;
    }
    case 'hangup': {
      const done = sim.hangupChannel(a.headers.get('channel') ?? '');
      if (done) ok(['Message', 'Channel Hungup']); else err('No such channel');
      return;
    }
    // manager.c action_setvar: a channel variable, announced as VarSet like any the dialplan sets.
    case 'setvar': {
      const variable = a.headers.get('variable') ?? '';
      if (!variable) { err('No variable specified'); return; }
      const ch = sim.model.byName(a.headers.get('channel') ?? '');
      if (!ch) { err('No such channel'); return; }
      const value = a.headers.get('value') ?? '';
      ch.vars[variable] = value;
      sim.engine.out(sim.engine.f.varSet(ch, variable, value));
      ok(['Message', 'Variable Set']);
      return;
    }
    case 'queuepause': {
      const iface = a.headers.get('interface') ?? '';
      const paused = /^(true|yes|1|on)$/i.test(a.headers.get('paused') ?? '');
      const found = sim.pauseMember(iface, paused, a.headers.get('reason') ?? '', a.headers.get('queue') ?? null);
      if (found) ok(['Message', paused ? 'Interface paused successfully' : 'Interface unpaused successfully']);
      else err('Interface not found');
      return;
    }
    case 'queueadd': case 'queueremove': case 'queuepenalty':
      void queueMemberAction(sim.queueMembership, a.name, a.headers).then((r) => (r.ok ? ok(['Message', r.message]) : err(r.message)));
      return;
    case 'redirect': {
      const predictive = sim.predictive.redirect(a.headers.get('channel') ?? '', a.headers.get('context') ?? '', a.headers.get('exten') ?? '');
      const done = predictive ?? sim.redirect(a.headers.get('channel') ?? '', a.headers.get('exten') ?? '');
      if (done) ok(['Message', 'Redirect successful']); else err('Channel does not exist');
      return;
    }
    // manager.c action_blind_transfer / action_atxfer / action_cancel_atxfer, app_senddtmf.c manager_play_dtmf.
    case 'blindtransfer': {
      const failed = sim.blindTransferAction(a.headers.get('channel') ?? '', a.headers.get('context') ?? '', a.headers.get('exten') ?? '');
      if (failed) err(failed); else ok(['Message', 'Transfer succeeded']);
      return;
    }
    case 'atxfer': {
      const failed = sim.atxferAction(a.headers.get('channel') ?? '', a.headers.get('context') ?? '', a.headers.get('exten') ?? '');
      if (failed) err(failed); else ok(['Message', 'Atxfer successfully queued']);
      return;
    }
    case 'cancelatxfer': {
      const failed = sim.cancelAtxferAction(a.headers.get('channel') ?? '');
      if (failed) err(failed); else ok(['Message', 'CancelAtxfer successfully queued']);
      return;
    }
    case 'playdtmf': {
      const failed = sim.playDtmfAction(a.headers.get('channel') ?? '', a.headers.get('digit') ?? '');
      if (failed) err(failed); else ok(['Message', 'DTMF successfully queued']);
      return;
    }
    case 'sorcerymemorycachepopulate': {
      // res_sorcery_memory_cache.c: answers once the cache was emptied and read again from its backends.
      const cache = a.headers.get('cache') ?? '';
      if (!cache) { err('SorceryMemoryCachePopulate requires that a cache name be provided.'); return; }
      if (sim.populateCache(cache)) ok(['Message', 'Cache has been expired and populated']); else err('The provided cache does not exist');
      return;
    }
    default: err('Invalid/unknown command');
  }
}

function list(s: SimSession, idH: Header[], message: string, complete: string, items: Frame[]): void {
  s.send([['Response', 'Success'], ...idH, ['EventList', 'start'], ['Message', message]]);
  for (const item of items) s.send([...item.slice(0, 1), ...(item[0]?.[1] === 'CoreShowChannel' ? idH : []), ...item.slice(1), ...(item[0]?.[1] === 'CoreShowChannel' ? [] : idH)]);
  s.send([['Event', complete], ...idH, ['EventList', 'Complete'], ['ListItems', String(items.length)]]);
}

function queueStatus(sim: ActionTarget, only: string | undefined): Frame[] {
  const out: Frame[] = [];
  for (const q of sim.model.queues.values()) {
    if (only && q.name !== only) continue;
    out.push([['Event', 'QueueParams'], ['Queue', q.name], ['Max', '0'], ['Strategy', 'rrmemory'], ['Calls', String(q.waiting.length)],
      ['Holdtime', '2'], ['TalkTime', '10'], ['Completed', String(q.completed)], ['Abandoned', String(q.abandoned)], ['ServiceLevel', '20'],
      ['ServicelevelPerf', '100.0'], ['ServicelevelPerf2', '100.0'], ['Weight', '0']]);
    for (const m of q.members) {
      out.push([['Event', 'QueueMember'], ['Queue', q.name], ['Name', m.name], ['Location', m.interface], ['StateInterface', m.interface],
        ['Membership', m.dynamic ? 'dynamic' : 'static'], ['Penalty', String(m.penalty)], ['CallsTaken', String(m.callsTaken)], ['LastCall', String(m.lastCall)],
        ['LastPause', String(m.lastPause)], ['LoginTime', String(m.loginTime)], ['InCall', m.inCall ? '1' : '0'], ['Status', String(m.status)],
        ['Paused', m.paused ? '1' : '0'], ['PausedReason', m.pausedReason], ['Wrapuptime', '0']]);
    }
    q.waiting.forEach((uid, i) => {
      const ch = sim.model.channels.get(uid);
      if (!ch) return;
      out.push([['Event', 'QueueEntry'], ['Queue', q.name], ['Position', String(i + 1)], ['Channel', ch.name], ['Uniqueid', ch.uniqueid],
        ['CallerIDNum', ch.callerNum], ['CallerIDName', ch.callerName], ['ConnectedLineNum', ch.connectedNum],
        ['ConnectedLineName', ch.connectedName], ['Wait', String(Math.round((Date.now() - (ch.queueJoinedAt ?? ch.createdAt)) / 1000))],
        ['Priority', '0']]);
    });
  }
  return out;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

function coreShowChannels(sim: ActionTarget): Frame[] {
  return [...sim.model.channels.values()].map((ch) => [
    ['Event', 'CoreShowChannel'], ...sim.engine.f.chan(ch).filter(([k]) => k !== 'ChanVariable'),
    ['BridgeId', ch.bridgeId ?? ''], ['Application', ch.application], ['ApplicationData', ch.appData],
    ['Duration', duration(Date.now() - ch.createdAt)],
  ] as Frame);
}

function status(sim: ActionTarget): Frame[] {
  return [...sim.model.channels.values()].map((ch) => [
    ['Event', 'Status'], ['Privilege', 'Call'], ...sim.engine.f.chan(ch).filter(([k]) => k !== 'ChanVariable'),
    ['Type', sim.options.tech], ['DNID', ''], ['EffectiveConnectedLineNum', ch.connectedNum], ['EffectiveConnectedLineName', ch.connectedName],
    ['TimeToHangup', '0'], ['BridgeID', ch.bridgeId ?? ''], ['Application', ch.application], ['Data', ch.appData],
    ['Nativeformats', '(ulaw)'], ['Readformat', 'ulaw'], ['Readtrans', ''], ['Writeformat', 'ulaw'], ['Writetrans', ''],
    ['Callgroup', '0'], ['Pickupgroup', '0'], ['Seconds', String(Math.floor((Date.now() - ch.createdAt) / 1000))],
    ['State', STATE_DESC[ch.state] ?? 'Unknown'],
  ] as Frame);
}
