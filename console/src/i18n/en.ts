// The schema catalog: every other locale must have exactly these keys (checked by the type of MessageSchema).
// Plural forms use vue-i18n's pipe syntax; Russian gets its own rule in i18n/index.ts.
const en = {
  app: {
    name: 'Warmline', loading: 'Loading…', save: 'Save', cancel: 'Cancel', close: 'Close', retry: 'Retry',
    search: 'Search', none: 'None', unknown: 'Unknown', empty: 'Nothing here yet', refresh: 'Refresh', all: 'All',
    from: 'From', to: 'To', apply: 'Apply', back: 'Back', yes: 'Yes', no: 'No', error: 'Something went wrong',
  },
  nav: {
    main: 'Main navigation', console: 'Console', customers: 'Customers', wallboard: 'Wallboard', reports: 'Reports',
    campaigns: 'Campaigns', logout: 'Log out',
  },
  login: {
    title: 'Sign in to Warmline', subtitle: 'No call starts cold.', username: 'Username', password: 'Password',
    submit: 'Sign in', submitting: 'Signing in…',
  },
  locale: { label: 'Language' },
  realtime: { online: 'Live', connecting: 'Reconnecting…', offline: 'Offline' },
  roles: { operator: 'Operator', supervisor: 'Supervisor', campaign_manager: 'Campaign manager', admin: 'Administrator' },
  agentState: {
    label: 'Agent state', offline: 'Offline', ready: 'Ready', paused: 'Paused', ringing: 'Ringing', on_call: 'On call',
    wrapup: 'Wrap-up', setReady: 'Go ready', pause: 'Pause', pauseReason: 'Pause reason', since: 'since {time}',
    pending: 'Waiting for the server…', blockedByWrapup: 'Finish the wrap-up first',
  },
  softphone: {
    title: 'Softphone', modeSip: 'SIP', modeLoopback: 'Demo line',
    registration: { unregistered: 'Not registered', registering: 'Registering…', registered: 'Registered', failed: 'Registration failed' },
    incoming: 'Incoming call', answer: 'Answer', decline: 'Decline', hangup: 'Hang up', hold: 'Hold', unhold: 'Resume',
    mute: 'Mute', unmute: 'Unmute', transfer: 'Transfer', transferTarget: 'Extension or number', transferGo: 'Transfer now',
    keypad: 'Keypad', dialNumber: 'Number to call', call: 'Call', idle: 'No active call', onHold: 'On hold', muted: 'Muted',
    inCallWith: 'In call with {party}', digit: 'Send digit {digit}',
  },
  pop: {
    title: 'Caller', waiting: 'The caller’s details appear here the moment a call rings.', caller: 'Caller', queue: 'Queue',
    direction: { inbound: 'Inbound', outbound: 'Outbound', internal: 'Internal' },
    matched: 'Known customer', ambiguous: 'Several customers share this number', unknown: 'Unknown number',
    pick: 'This one', quickCreate: 'Create customer', fullName: 'Full name', phone: 'Phone', create: 'Create and link',
    customerSince: 'Customer since', totalSpend: 'Total spend', leadSource: 'Lead source', tags: 'Tags', company: 'Company',
    region: 'Region', dnc: 'Do not call', openCases: 'No open cases | 1 open case | {n} open cases',
    caseAge: 'today | 1 day | {n} days', owner: 'Owner', agreed: 'Agreed', lastInteractions: 'Last interactions',
    noInteractions: 'No earlier contact', products: 'Products and services', lastMood: 'Last mood',
    pendingTasks: 'Pending tasks', campaign: 'Campaign', offer: 'Offer', script: 'Script', openCustomer: 'Open customer page',
    dismiss: 'Dismiss the caller panel',
  },
  channel: { call: 'Call', email: 'Email', messenger: 'Messenger', sms: 'SMS', visit: 'Visit', note: 'Note' },
  mood: { positive: 'Positive', neutral: 'Neutral', negative: 'Negative', angry: 'Angry' },
  direction: { in: 'Incoming', out: 'Outgoing' },
  wrapup: {
    title: 'Wrap-up', callRef: 'Call #{id}', disposition: 'Disposition', chooseDisposition: 'Choose a disposition',
    notes: 'Notes', mood: 'Customer mood',
    caseToggle: 'Create or update a case', caseKind: 'Case kind', caseSubject: 'Subject', caseStatus: 'Status', caseAgreed: 'What was agreed',
    status: { open: 'Open', in_progress: 'In progress', waiting: 'Waiting for customer', resolved: 'Resolved', closed: 'Closed' },
    kind: { complaint: 'Complaint', service_request: 'Service request', information_request: 'Information request' },
    taskToggle: 'Follow-up or callback', taskKind: 'Kind', followUp: 'Follow-up', callback: 'Callback', dueAt: 'When', taskNote: 'Note',
    offerToggle: 'Offer made', offerText: 'Offer', offerResult: 'Result', result: { accepted: 'Accepted', refused: 'Refused', callback: 'Call back later' }, product: 'Product offered',
    refusalReason: 'Refusal reason', submit: 'Submit wrap-up', submitting: 'Submitting…',
    countdown: 'Ready in {time}', timeUp: 'Wrap-up time is over', more: 'no more calls waiting | 1 more call waiting | {n} more calls waiting',
  },
  customers: {
    title: 'Customers', search: 'Name, phone, email or company', tag: 'Tag', leadSource: 'Lead source', region: 'Region',
    minSpend: 'Min. spend', maxSpend: 'Max. spend', hasOpenCase: 'With open case', sort: 'Sort by', order: 'Order',
    asc: 'Ascending', desc: 'Descending',
    sortBy: { name: 'Name', total_spend: 'Total spend', created: 'Customer since', last_contact: 'Last contact' },
    col: { name: 'Name', company: 'Company', region: 'Region', spend: 'Spend', since: 'Since', tags: 'Tags' },
    count: 'No customers | 1 customer | {n} customers', range: '{from}–{to} of {total}', prev: 'Previous page', next: 'Next page',
  },
  customer: {
    timeline: 'Timeline', cases: 'Cases', purchases: 'Purchases', products: 'Products', phones: 'Phones', email: 'Email',
    birthday: 'Birthday', notFound: 'Customer not found', handledBy: 'by {name}', outcome: 'Outcome', recording: 'Recording',
    addInteraction: 'Add note or interaction', subject: 'Subject', summary: 'Details', channel: 'Channel', direction: 'Direction',
    saved: 'Saved', noTimeline: 'No interactions in this range', opened: 'Opened', amount: 'Amount', status: 'Status',
    events: 'No events | 1 event | {n} events',
  },
  reminders: {
    title: 'Reminders', badge: 'No reminders due | 1 reminder due | {n} reminders due', callNow: 'Call now', done: 'Done',
    empty: 'Nothing due. Nice.', callbackDue: 'Callback due', followUpDue: 'Follow-up due', kind: { callback: 'Callback', follow_up: 'Follow-up' },
  },
  wallboard: {
    title: 'Wallboard', queues: 'Queues', agents: 'Agents', calls: 'Live calls', alerts: 'Alerts', listen: 'Listen',
    whisper: 'Whisper', barge: 'Barge', forcePause: 'Force pause', unpause: 'Unpause', logoff: 'Log off', sent: 'Sent',
    alert: '{queue}: {kind} {value} (threshold {threshold})', noQueues: 'No queue statistics yet', noAgents: 'No agents online',
    noCalls: 'No live calls', agentsOnline: 'No agents | 1 agent | {n} agents',
  },
  reports: {
    title: 'Reports', operational: 'Operational', analytical: 'Analytical', groupBy: 'Group by',
    group: { queue: 'Queue', agent: 'Agent', hour: 'Hour', day: 'Day', disposition: 'Disposition' },
    report: 'Report', run: 'Run', csv: 'Export CSV', empty: 'No data for this period',
    analyticalKind: { 'lead-sources': 'Lead sources', segments: 'Segments', campaigns: 'Campaigns', cases: 'Cases', 'due-contacts': 'Due contacts' },
  },
  campaigns: {
    title: 'Campaigns', create: 'New campaign', name: 'Name', offer: 'Offer', script: 'Script', segment: 'Segment',
    tag: 'Tag', region: 'Region', minSpend: 'Min. spend', preview: 'Preview segment',
    previewResult: 'No customers match | 1 customer matches | {n} customers match', save: 'Create campaign', empty: 'No campaigns yet',
    status: 'Status', progress: 'Progress',
  },
};

export default en;
export type MessageSchema = typeof en;
