import { field, type AmiFrame } from './ami-frame';
import { AmiError, amiErrors } from './ami-errors';

// Actions waiting for their response (and, for list actions, for the `*Complete` event), keyed by ActionID.

export interface ListResult { response: AmiFrame; events: AmiFrame[] }

interface Pending {
  action: string;
  list: boolean;
  response: AmiFrame | null;
  events: AmiFrame[];
  timer: NodeJS.Timeout;
  resolve: (value: AmiFrame | ListResult) => void;
  reject: (err: Error) => void;
}

export class PendingActions {
  private readonly pending = new Map<string, Pending>();

  get size(): number { return this.pending.size; }

  has(actionId: string): boolean { return this.pending.has(actionId); }

  add<T extends AmiFrame | ListResult>(actionId: string, action: string, list: boolean, timeoutMs: number,
    onTimeout: (id: string) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(actionId)) return;
        onTimeout(actionId);
        reject(amiErrors.timeout(action, actionId, timeoutMs));
      }, timeoutMs);
      timer.unref?.();
      this.pending.set(actionId, {
        action, list, response: null, events: [], timer,
        resolve: resolve as (v: AmiFrame | ListResult) => void, reject,
      });
    });
  }

  /** The Response frame for an action. List actions keep collecting until their Complete event. */
  onResponse(actionId: string, frame: AmiFrame): void {
    const p = this.pending.get(actionId);
    if (!p || p.response) return;
    const response = (field(frame, 'response') ?? '').toLowerCase();
    if (response === 'error' || response === 'failure') {
      this.finish(actionId, p);
      p.reject(amiErrors.rejected(p.action, field(frame, 'message') ?? '', frame));
      return;
    }
    if (!p.list) { this.finish(actionId, p); p.resolve(frame); return; }
    p.response = frame;
    // A list action answered without `EventList: start` has nothing to follow.
    if ((field(frame, 'eventlist') ?? '').toLowerCase() !== 'start') {
      this.finish(actionId, p);
      p.resolve({ response: frame, events: [] });
    }
  }

  /** Returns true when the event belonged to a pending list action (and so is not a stream event). */
  onEvent(actionId: string | undefined, frame: AmiFrame): boolean {
    if (!actionId) return false;
    const p = this.pending.get(actionId);
    if (!p || !p.list) return false;
    if ((field(frame, 'eventlist') ?? '').toLowerCase() === 'complete') {
      this.finish(actionId, p);
      p.resolve({ response: p.response ?? {}, events: p.events });
    } else {
      p.events.push(frame);
    }
    return true;
  }

  rejectAll(makeError: (action: string, id: string) => AmiError): void {
    const entries = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, p] of entries) {
      clearTimeout(p.timer);
      p.reject(makeError(p.action, id));
    }
  }

  private finish(actionId: string, p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(actionId);
  }
}
