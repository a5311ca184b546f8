// AMI event filters as Asterisk applies them to one manager session (main/manager.c: manager_add_filter,
// match_filter), for the `Filter` action and manager.conf `eventfilter`. Legacy syntax: a POSIX extended regular
// expression matched against the whole event payload ("Event: X\r\nPrivilege: ...\r\n..."); a leading `!` makes
// it an exclude ("black") filter. Evaluation, as documented for the Filter action:
//   - no filters: every event is sent;
//   - include filters only: implied exclude-all first, then the includes;
//   - exclude filters only: implied include-all first, then the excludes;
//   - both: implied exclude-all, then the includes, then the excludes.
// Only events go through filters; action responses and the list events an action answers with do not.

export type FilterAddResult = 'ok' | 'compile-failed';

export class SessionEventFilters {
  private readonly include: RegExp[] = [];
  private readonly exclude: RegExp[] = [];

  get size(): number { return this.include.length + this.exclude.length; }

  add(filter: string): FilterAddResult {
    const black = filter.startsWith('!');
    const source = black ? filter.slice(1) : filter;
    let re: RegExp;
    // POSIX regcomp without REG_NEWLINE: `.` and bracket expressions match a newline too, hence the `s` flag.
    try { re = new RegExp(source, 's'); } catch { return 'compile-failed'; }
    (black ? this.exclude : this.include).push(re);
    return 'ok';
  }

  /** Whether an event with this serialized payload is sent to the session. */
  passes(payload: string): boolean {
    if (this.include.length > 0 && !this.include.some((re) => re.test(payload))) return false;
    return !this.exclude.some((re) => re.test(payload));
  }
}
