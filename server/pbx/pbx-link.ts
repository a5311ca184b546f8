import type { PbxConnectionConfig } from '../config';
import type { PbxEvent } from './pbx-events';
import type { Logger } from '../logger';
import { AmiClient } from './ami-client';
import { AMI_EVENT_FILTERS } from './ami-event-filters';
import { AmiPbxPort } from './ami-pbx-port';
import type { AmiFrame } from './ami-frame';
import { translate, createTranslatorState, endGoneCalls, type TranslatorState } from './ami-translator';
import { resync, resyncKnownCalls } from './resync';
import type { PbxPort } from './pbx-port';
import { bounded } from '../bounded';
import { counter } from '../metrics/metrics';
import { withQueueLogEvidence, type QueueLogEntry } from './queue-log';

const amiFrames = counter('warmline_ami_events_total', 'AMI frames received from the PBX (rate() gives events/s)', ['pbx']);
const amiPauses = counter('warmline_ami_read_pauses_total', 'Times the AMI socket stopped being read because the ingest backlog was full (backpressure)', ['pbx']);
const amiConnects = counter('warmline_ami_connections_total', 'AMI logins of the PBX link: the first connection and every reconnection', ['pbx']);

export interface PbxLinkDeps {
  log: Logger;
  ingest(event: PbxEvent): void;
  /** Calls the database believes are live on this PBX (for the first resync after a process start). */
  liveCalls(pbxId: string): Promise<Array<{ linkedid: string; answered: boolean }>>;
  connectionChanged(pbxId: string, connected: boolean): void;
  /** Events handed to ingest and not applied yet; the link stops reading the PBX while it is above the limit. */
  backlog?(): number;
  /**
   * Asterisk's queue_log rows of these calls (server/pbx/queue-log.ts): a call that vanished while nobody listened
   * gets its true end from them (issue #19.5). Absent: such calls end `unseen` ('unknown' unless seen answered).
   */
  queueLog?(pbxId: string, callids: string[]): Promise<readonly QueueLogEntry[]>;
}

/** Backpressure limits (events not yet applied): reading stops above HIGH and restarts below LOW. */
export const INGEST_BACKLOG = { high: 5_000, low: 1_000 };

export interface PbxLink {
  readonly pbxId: string;
  readonly port: PbxPort;
  readonly client: AmiClient;
  /**
   * Compares the calls the database believes live with the PBX's live channels now (as after a process start).
   * Used by a node that takes the PBX lock (server/cluster/pbx-leadership.ts). Not connected: done on connecting.
   */
  reconcile(): Promise<void>;
  stop(): Promise<void>;
}

// One PBX: AMI client -> pure translator -> domain ingest. On every (re)connection the live channels are read
// (CoreShowChannels + QueueStatus) and reconciled with what we believed, so a call that started, was answered
// or ended while the link was down is neither lost nor counted twice. Frames that arrive during the resync are
// held and translated after it, in order.
export function startPbxLink(pbx: PbxConnectionConfig, deps: PbxLinkDeps, opts: { clientOptions?: Partial<ConstructorParameters<typeof AmiClient>[0]> } = {}): PbxLink {
  const log = deps.log.child({ pbx: pbx.id });
  const client = new AmiClient({ host: pbx.host, port: pbx.port, username: pbx.username, secret: pbx.secret, logger: log,
    eventFilters: AMI_EVENT_FILTERS, ...opts.clientOptions });
  const port = new AmiPbxPort(client, { pbxId: pbx.id, channelTemplate: `${pbx.agentTech ?? 'PJSIP'}/{ext}` });
  let state: TranslatorState = createTranslatorState();
  let firstSync = true;
  let held: Array<{ frame: AmiFrame; at: Date }> | null = null;

  const emit = (events: readonly PbxEvent[]) => { for (const e of events) deps.ingest(e); };
  const apply = (frame: AmiFrame, at: Date) => {
    try {
      const r = translate(state, frame, pbx.id, at);
      state = r.state;
      emit(r.events);
    } catch (err) {
      log.error({ err }, 'translator failed on a frame; frame dropped');
    }
  };

  // Calls whose channels all hung up while some of their frames were still to come (out of order) end here.
  const sweep = setInterval(() => {
    if (held || !Object.values(state.calls).some((c) => c.goneSince !== undefined)) return;
    const r = endGoneCalls(state, pbx.id, new Date());
    state = r.state;
    emit(r.events);
  }, 1000);
  sweep.unref?.();

  // Read the PBX no faster than its events are applied: above the high mark the socket is paused, so the backlog
  // (and this process's memory) stays bounded and the rest waits in TCP buffers; reading restarts below the low mark.
  const backlog = deps.backlog;
  let drainTimer: NodeJS.Timeout | null = null;
  const throttle = () => {
    if (!backlog || drainTimer || backlog() < INGEST_BACKLOG.high) return;
    client.pauseReading();
    amiPauses.inc({ pbx: pbx.id });
    drainTimer = setInterval(() => {
      if (backlog() > INGEST_BACKLOG.low) return;
      clearInterval(drainTimer!);
      drainTimer = null;
      client.resumeReading();
    }, 5);
  };

  client.on('frame', (frame) => {
    const at = new Date();
    amiFrames.inc({ pbx: pbx.id });
    if (held) held.push({ frame, at });
    else apply(frame, at);
    throttle();
  });

  // Calls that vanished: their true end from queue_log when it can be read in time, otherwise the `unseen` end.
  const endsFromQueueLog = async (events: readonly PbxEvent[]): Promise<readonly PbxEvent[]> => {
    const read = deps.queueLog;
    if (!read) return events;
    return bounded(withQueueLogEvidence(events, (ids) => read(pbx.id, ids)), 10_000)
      .catch((err: unknown) => { log.warn({ err }, 'queue_log unreadable; vanished calls end unseen'); return events; });
  };

  // One resync at a time; frames are held from the first one's start until the last one queued has finished.
  let syncs = Promise.resolve();
  let pendingSyncs = 0;
  const runResync = (withDb: boolean) => {
    held ??= [];
    pendingSyncs++;
    syncs = syncs.then(async () => {
      try {
        const snapshots = await port.liveChannels();
        // The database may be down or its driver stuck (see keyed-serial-queue.ts): never hold frames for ever
        // waiting for it; fall back to what the translator knows and retry the DB-based sync next connection.
        const known = withDb || firstSync
          ? await bounded(deps.liveCalls(pbx.id), 10_000).catch((err: unknown) => { log.warn({ err }, 'open calls unreadable; resync from memory'); return null; })
          : null;
        const now = new Date();
        const r = known ? resyncKnownCalls(known, snapshots, pbx.id, now, state) : resync(state, snapshots, pbx.id, now);
        state = r.state;
        emit(await endsFromQueueLog(r.events));
        if (known) firstSync = false;
        log.info({ live: snapshots.length, reconciled: r.events.length }, 'PBX resynchronised');
      } catch (err) {
        log.warn({ err }, 'resync failed; continuing with events only');
      } finally {
        if (--pendingSyncs === 0) {
          const pending = held ?? [];
          held = null;
          for (const h of pending) apply(h.frame, h.at);
        }
      }
    });
    return syncs;
  };

  client.on('connected', () => {
    amiConnects.inc({ pbx: pbx.id });
    deps.connectionChanged(pbx.id, true);
    void runResync(false);
  });

  client.on('disconnected', (err) => {
    deps.connectionChanged(pbx.id, false);
    log.warn({ err: err.message }, 'PBX link down; reconnecting');
  });

  client.start();
  return {
    pbxId: pbx.id, port, client,
    reconcile: () => { if (client.isConnected()) return runResync(true); firstSync = true; return Promise.resolve(); },
    stop: () => { clearInterval(sweep); if (drainTimer) clearInterval(drainTimer); return client.stop(); },
  };
}
