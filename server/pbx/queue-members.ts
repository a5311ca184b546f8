import { field, fieldOrNull, type AmiFrame } from './ami-frame';
import { extensionOf } from './channel-names';

// What the PBX says about each agent's queue memberships, learnt from its own frames: QueueMember (QueueStatus
// answers), QueueMemberAdded/Status/Pause/Removed. The PBX is the truth for the member's interface, so pause/ready
// and click-to-dial target what Asterisk really has (chan_sip `SIP/1002`, PJSIP `PJSIP/1002`, or a Local/ member
// whose StateInterface is the phone) rather than a template; and its pause state, so QueuePause is sent only when
// it changes something (a load run had sent one per ended call, 16,269 of them, each a no-op).

interface Membership { paused: boolean; reason: string | null }
interface Member { iface: string; device: string | null; queues: Map<string, Membership> }

const MEMBER_EVENTS = new Set(['queuemember', 'queuememberadded', 'queuememberstatus', 'queuememberpause', 'queuememberremoved']);
const PHONE = /^(?:PJSIP|SIP|IAX2|DAHDI)\//i;

export class QueueMembers {
  private readonly members = new Map<string, Member>();

  /** Reads a frame (event or list item); returns true when it was about a queue member. */
  learn(frame: AmiFrame): boolean {
    const name = field(frame, 'event')?.toLowerCase();
    if (!name || !MEMBER_EVENTS.has(name)) return false;
    const iface = fieldOrNull(frame, 'interface') ?? fieldOrNull(frame, 'location');
    const stateIface = fieldOrNull(frame, 'stateinterface');
    const queue = fieldOrNull(frame, 'queue');
    const extension = extensionOf(stateIface) ?? extensionOf(iface);
    if (!iface || !queue || !extension) return true;
    const member = this.members.get(extension) ?? { iface, device: null, queues: new Map<string, Membership>() };
    member.iface = iface;
    member.device = stateIface && PHONE.test(stateIface) ? stateIface : PHONE.test(iface) ? iface : member.device;
    if (name === 'queuememberremoved') member.queues.delete(queue);
    else member.queues.set(queue, { paused: field(frame, 'paused') === '1', reason: fieldOrNull(frame, 'pausedreason') });
    this.members.set(extension, member);
    return true;
  }

  /** The member interface QueuePause must name, as the PBX spells it; undefined when the PBX has not said. */
  interfaceOf(extension: string): string | undefined {
    return this.members.get(extension)?.iface;
  }

  /** The agent's phone as a dial string (`SIP/1002`, `PJSIP/1002`); undefined when not learnt. */
  deviceOf(extension: string): string | undefined {
    return this.members.get(extension)?.device ?? undefined;
  }

  /**
   * False when every membership concerned is known and already in that state (same reason when paused): the
   * QueuePause would change nothing. Unknown memberships always need it.
   */
  pauseNeeded(extension: string, paused: boolean, reason: string | null, queue?: string): boolean {
    const queues = this.members.get(extension)?.queues;
    if (!queues || queues.size === 0) return true;
    const concerned = queue ? [queues.get(queue)] : [...queues.values()];
    return concerned.some((m) => !m || m.paused !== paused || (paused && (reason ?? null) !== m.reason));
  }

  /** What a QueuePause the PBX accepted did, before its QueueMemberPause frames arrive. */
  paused(extension: string, paused: boolean, reason: string | null, queue?: string): void {
    const queues = this.members.get(extension)?.queues;
    if (!queues) return;
    for (const [name, m] of queues) if (!queue || name === queue) queues.set(name, { ...m, paused, reason: paused ? reason : m.reason });
  }

  /** The link went down: a restarted PBX may have forgotten every pause, so none is assumed until it says again. */
  forgetPauses(): void {
    for (const m of this.members.values()) m.queues.clear();
  }
}
