import { toE164 } from '../phone/phone-number';
import { TtlCache } from './screenpop.cache';
import type { CustomerStoryRow, ScreenPopRepository } from './screenpop.repository';
import type { LocaleDefaults } from '../settings/locale-defaults';

export interface LookAhead { e164: string; story: Promise<CustomerStoryRow> }

/** Look-ahead lookups are keyed by the PBX and its Linkedid: the call's id does not exist yet. */
const aheadKey = (pbxId: string, linkedid: string): string => `${pbxId}/${linkedid}`;

// Caller lookups started when the PBX reports a new call, before its row (and id) exists. Its own object, built
// before both of its users: the calls service holds a new call's rows until the lookup is done (its arrival
// gate) and the screen pop takes the lookup over once the call has an id. Keeping it out of either service is
// what lets them be composed in dependency order (look-ahead -> calls -> screen pop) without a hook set later.
export class CallerLookAhead {
  // Short-lived: a call is written within milliseconds.
  private readonly ahead: TtlCache<string, LookAhead>;

  constructor(
    private readonly repo: Pick<ScreenPopRepository, 'customerStory'>,
    private readonly locale: LocaleDefaults,
    options: { maxEntries?: number; now?: () => number } = {},
  ) {
    this.ahead = new TtlCache(options.maxEntries ?? 5000, 30_000, options.now ?? Date.now);
  }

  /** Starts the lookup for a call the PBX just reported. Only inbound calls with a usable number. */
  start(pbxId: string, linkedid: string, direction: string, callerNumber: string | null): void {
    if (direction !== 'inbound') return;
    const e164 = toE164(callerNumber, this.locale.region());
    const key = aheadKey(pbxId, linkedid);
    if (!e164 || this.ahead.get(key)) return;
    const story = this.repo.customerStory({ e164 });
    // Failures surface (logged) through the prefetch that takes the lookup over; never unhandled.
    story.catch(() => undefined);
    this.ahead.set(key, { e164, story });
  }

  /** The lookup of that call while it is known, settling (never rejecting) when it has finished. */
  of(pbxId: string, linkedid: string): Promise<void> | undefined {
    return this.ahead.get(aheadKey(pbxId, linkedid))?.story.then(() => undefined, () => undefined);
  }

  /** Hands the lookup of that call over (once): the screen pop's prefetch continues with it. */
  take(pbxId: string, linkedid: string): LookAhead | undefined {
    const key = aheadKey(pbxId, linkedid);
    const found = this.ahead.get(key);
    this.ahead.delete(key);
    return found;
  }
}
