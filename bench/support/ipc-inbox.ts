// Messages from a bench's driver process, taken by type: next('done') waits for the first 'done' not yet taken.
// A message of type 'error' rejects whichever next() comes first.
export type Msg = { type: string; [k: string]: unknown };

export function messageInbox(label: string): { deliver(m: Msg): void; next(type: string): Promise<Msg> } {
  const inbox: Msg[] = [];
  const waiters: Array<() => void> = [];
  return {
    deliver(m) {
      inbox.push(m);
      waiters.splice(0).forEach((w) => w());
    },
    async next(type) {
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [m] = inbox.splice(i, 1);
          if (m!.type === 'error') throw new Error(`${label}: ${String(m!.message)}`);
          return m!;
        }
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}
