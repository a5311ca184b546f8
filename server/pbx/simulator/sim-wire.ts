// Incoming AMI action parsing for the simulator: `Key: Value` lines, blank line ends the action. Keys compared
// case-insensitively (asterisk-manager sends `Actionid`, `Callerid`); repeated `Variable:` lines are collected.

export interface ActionFrame {
  name: string;
  headers: Map<string, string>;
  variables: Record<string, string>;
}

export class ActionParser {
  private buffer = '';
  private lines: string[] = [];

  constructor(private readonly maxBuffer = 1024 * 1024) {}

  /** Feeds bytes; returns complete actions. Oversized garbage is discarded rather than buffered forever. */
  push(chunk: string): ActionFrame[] {
    this.buffer += chunk;
    if (this.buffer.length > this.maxBuffer) this.buffer = '';
    const out: ActionFrame[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.length > 0) { this.lines.push(line); continue; }
      if (this.lines.length === 0) continue;
      out.push(toAction(this.lines));
      this.lines = [];
    }
    return out;
  }
}

function toAction(lines: string[]): ActionFrame {
  const headers = new Map<string, string>();
  const variables: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (key === 'variable') {
      // Originate's `Variable: a=1,b=2` are channel variables; Setvar's `Variable: NAME` (with `Value:`) is a header.
      headers.set(key, value);
      for (const part of value.split(',')) {
        const eq = part.indexOf('=');
        if (eq > 0) variables[part.slice(0, eq)] = part.slice(eq + 1);
      }
    } else {
      headers.set(key, value);
    }
  }
  return { name: (headers.get('action') ?? '').toLowerCase(), headers, variables };
}
