// The server names the interaction of a call it links to a customer "Call" (customers.service.ts, linkCallIn): a
// fixed word, not something a person wrote, so it is shown in the user's language (issue #22.2, the timeline's
// "Call"). Subjects people typed are shown as they are.
export function interactionSubject(item: { channel: string; subject: string }, callWord: string): string {
  return item.channel === 'call' && item.subject === 'Call' ? callWord : item.subject;
}
