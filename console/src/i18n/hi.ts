import type { MessageSchema } from './en';

const hi: MessageSchema = {
  app: {
    name: 'Warmline', loading: 'लोड हो रहा है…', save: 'सहेजें', cancel: 'रद्द करें', close: 'बंद करें', retry: 'फिर से कोशिश करें',
    search: 'खोजें', none: 'कोई नहीं', unknown: 'अज्ञात', empty: 'अभी यहाँ कुछ नहीं है', refresh: 'ताज़ा करें', all: 'सभी',
    from: 'से', to: 'तक', apply: 'लागू करें', back: 'वापस', yes: 'हाँ', no: 'नहीं', error: 'कुछ गड़बड़ हो गई',
  },
  nav: {
    main: 'मुख्य नेविगेशन', console: 'कंसोल', customers: 'ग्राहक', wallboard: 'वॉलबोर्ड', reports: 'रिपोर्ट',
    campaigns: 'अभियान', logout: 'लॉग आउट',
  },
  login: {
    title: 'Warmline में साइन इन करें', subtitle: 'कोई भी कॉल अनजान शुरू नहीं होती।', username: 'उपयोगकर्ता नाम', password: 'पासवर्ड',
    submit: 'साइन इन', submitting: 'साइन इन हो रहा है…',
  },
  locale: { label: 'भाषा' },
  realtime: { online: 'लाइव', connecting: 'फिर से जुड़ रहा है…', offline: 'ऑफ़लाइन' },
  roles: { operator: 'ऑपरेटर', supervisor: 'पर्यवेक्षक', campaign_manager: 'अभियान प्रबंधक', admin: 'व्यवस्थापक' },
  agentState: {
    label: 'एजेंट की स्थिति', offline: 'ऑफ़लाइन', ready: 'तैयार', paused: 'विराम', ringing: 'घंटी बज रही है', on_call: 'कॉल पर',
    wrapup: 'रैप-अप', setReady: 'तैयार हो जाएँ', pause: 'विराम लें', pauseReason: 'विराम का कारण', since: '{time} से',
    pending: 'सर्वर की पुष्टि की प्रतीक्षा…', blockedByWrapup: 'पहले रैप-अप पूरा करें',
  },
  softphone: {
    title: 'सॉफ़्टफ़ोन', modeSip: 'SIP', modeLoopback: 'डेमो लाइन',
    registration: { unregistered: 'पंजीकृत नहीं', registering: 'पंजीकरण हो रहा है…', registered: 'पंजीकृत', failed: 'पंजीकरण विफल' },
    incoming: 'आने वाली कॉल', answer: 'उत्तर दें', decline: 'अस्वीकार करें', hangup: 'कॉल काटें', hold: 'होल्ड करें', unhold: 'फिर शुरू करें',
    mute: 'म्यूट करें', unmute: 'अनम्यूट करें', transfer: 'ट्रांसफ़र करें', transferTarget: 'एक्सटेंशन या नंबर',
    transferGo: 'अभी ट्रांसफ़र करें', keypad: 'कीपैड', dialNumber: 'कॉल करने का नंबर', call: 'कॉल करें', idle: 'कोई सक्रिय कॉल नहीं',
    onHold: 'होल्ड पर', muted: 'म्यूट है', inCallWith: '{party} से बात हो रही है', digit: 'अंक {digit} भेजें',
  },
  pop: {
    title: 'कॉलर', waiting: 'कॉल आते ही कॉलर का विवरण यहाँ दिखेगा।', caller: 'कॉलर', queue: 'कतार',
    direction: { inbound: 'आने वाली', outbound: 'जाने वाली', internal: 'आंतरिक' },
    matched: 'पहचाना हुआ ग्राहक', ambiguous: 'यह नंबर कई ग्राहकों का है', unknown: 'अज्ञात नंबर',
    pick: 'यही है', quickCreate: 'ग्राहक बनाएँ', fullName: 'पूरा नाम', phone: 'फ़ोन', create: 'बनाएँ और जोड़ें',
    customerSince: 'ग्राहक कब से', totalSpend: 'कुल ख़र्च', leadSource: 'लीड स्रोत', tags: 'टैग', company: 'कंपनी',
    region: 'क्षेत्र', dnc: 'कॉल न करें', openCases: 'कोई खुला मामला नहीं | 1 खुला मामला | {n} खुले मामले',
    caseAge: 'आज | 1 दिन | {n} दिन', owner: 'ज़िम्मेदार', agreed: 'क्या तय हुआ', lastInteractions: 'पिछले संपर्क',
    noInteractions: 'पहले कोई संपर्क नहीं', products: 'उत्पाद और सेवाएँ', lastMood: 'पिछला मूड',
    pendingTasks: 'लंबित कार्य', campaign: 'अभियान', offer: 'ऑफ़र', script: 'स्क्रिप्ट', openCustomer: 'ग्राहक पेज खोलें',
    dismiss: 'कॉलर पैनल बंद करें',
  },
  channel: { call: 'कॉल', email: 'ईमेल', messenger: 'मैसेंजर', sms: 'एसएमएस', visit: 'मुलाक़ात', note: 'नोट' },
  mood: { positive: 'सकारात्मक', neutral: 'तटस्थ', negative: 'नकारात्मक', angry: 'नाराज़' },
  direction: { in: 'आने वाला', out: 'जाने वाला' },
  wrapup: {
    title: 'रैप-अप', callRef: 'कॉल #{id}', disposition: 'परिणाम', chooseDisposition: 'परिणाम चुनें',
    notes: 'नोट्स', mood: 'ग्राहक का मूड',
    caseToggle: 'मामला बनाएँ या अपडेट करें', caseKind: 'मामले का प्रकार', caseSubject: 'विषय', caseStatus: 'स्थिति', caseAgreed: 'क्या तय हुआ',
    status: { open: 'खुला', in_progress: 'प्रगति पर', waiting: 'ग्राहक की प्रतीक्षा', resolved: 'हल हुआ', closed: 'बंद' },
    kind: { complaint: 'शिकायत', service_request: 'सेवा अनुरोध', information_request: 'जानकारी अनुरोध' },
    taskToggle: 'फ़ॉलो-अप या कॉलबैक', taskKind: 'प्रकार', followUp: 'फ़ॉलो-अप', callback: 'कॉलबैक', dueAt: 'कब', taskNote: 'नोट',
    offerToggle: 'ऑफ़र दिया गया', offerText: 'ऑफ़र', offerResult: 'नतीजा', result: { accepted: 'स्वीकार', refused: 'अस्वीकार', callback: 'बाद में कॉल करें' }, product: 'पेश किया गया उत्पाद',
    refusalReason: 'अस्वीकार का कारण', submit: 'रैप-अप जमा करें', submitting: 'जमा हो रहा है…',
    countdown: '{time} में तैयार', timeUp: 'रैप-अप का समय समाप्त',
    more: 'कोई और कॉल प्रतीक्षा में नहीं | 1 और कॉल प्रतीक्षा में | {n} और कॉल प्रतीक्षा में',
  },
  customers: {
    title: 'ग्राहक', search: 'नाम, फ़ोन, ईमेल या कंपनी', tag: 'टैग', leadSource: 'लीड स्रोत', region: 'क्षेत्र',
    minSpend: 'न्यूनतम ख़र्च', maxSpend: 'अधिकतम ख़र्च', hasOpenCase: 'खुले मामले वाले', sort: 'क्रमबद्ध करें', order: 'क्रम',
    asc: 'आरोही', desc: 'अवरोही',
    sortBy: { name: 'नाम', total_spend: 'कुल ख़र्च', created: 'ग्राहक कब से', last_contact: 'अंतिम संपर्क' },
    col: { name: 'नाम', company: 'कंपनी', region: 'क्षेत्र', spend: 'ख़र्च', since: 'कब से', tags: 'टैग' },
    count: 'कोई ग्राहक नहीं | 1 ग्राहक | {n} ग्राहक', range: '{total} में से {from}–{to}', prev: 'पिछला पेज', next: 'अगला पेज',
  },
  customer: {
    timeline: 'टाइमलाइन', cases: 'मामले', purchases: 'ख़रीदारी', products: 'उत्पाद', phones: 'फ़ोन', email: 'ईमेल',
    birthday: 'जन्मदिन', notFound: 'ग्राहक नहीं मिला', handledBy: '{name} द्वारा', outcome: 'नतीजा', recording: 'रिकॉर्डिंग',
    addInteraction: 'नोट या संपर्क जोड़ें', subject: 'विषय', summary: 'विवरण', channel: 'चैनल', direction: 'दिशा',
    saved: 'सहेजा गया', noTimeline: 'इस अवधि में कोई संपर्क नहीं', opened: 'खोला गया', amount: 'राशि', status: 'स्थिति',
    events: 'कोई घटना नहीं | 1 घटना | {n} घटनाएँ',
  },
  reminders: {
    title: 'अनुस्मारक', badge: 'कोई अनुस्मारक नहीं | 1 अनुस्मारक | {n} अनुस्मारक', callNow: 'अभी कॉल करें', done: 'पूरा हुआ',
    empty: 'अभी कुछ बाकी नहीं।', callbackDue: 'कॉलबैक का समय', followUpDue: 'फ़ॉलो-अप का समय', kind: { callback: 'कॉलबैक', follow_up: 'फ़ॉलो-अप' },
  },
  wallboard: {
    title: 'वॉलबोर्ड', queues: 'कतारें', agents: 'एजेंट', calls: 'चालू कॉल', alerts: 'चेतावनियाँ', listen: 'सुनें',
    whisper: 'फुसफुसाएँ', barge: 'शामिल हों', forcePause: 'ज़बरन विराम', unpause: 'विराम हटाएँ', logoff: 'लॉग ऑफ़ करें', sent: 'भेजा गया',
    alert: '{queue}: {kind} {value} (सीमा {threshold})', noQueues: 'अभी कतार के आँकड़े नहीं', noAgents: 'कोई एजेंट ऑनलाइन नहीं',
    noCalls: 'कोई चालू कॉल नहीं', agentsOnline: 'कोई एजेंट नहीं | 1 एजेंट | {n} एजेंट',
  },
  reports: {
    title: 'रिपोर्ट', operational: 'परिचालन', analytical: 'विश्लेषणात्मक', groupBy: 'समूह बनाएँ',
    group: { queue: 'कतार', agent: 'एजेंट', hour: 'घंटा', day: 'दिन', disposition: 'परिणाम' },
    report: 'रिपोर्ट', run: 'चलाएँ', csv: 'CSV निर्यात करें', empty: 'इस अवधि का कोई डेटा नहीं',
    analyticalKind: { 'lead-sources': 'लीड स्रोत', segments: 'सेगमेंट', campaigns: 'अभियान', cases: 'मामले', 'due-contacts': 'नियत संपर्क' },
  },
  campaigns: {
    title: 'अभियान', create: 'नया अभियान', name: 'नाम', offer: 'ऑफ़र', script: 'स्क्रिप्ट', segment: 'सेगमेंट',
    tag: 'टैग', region: 'क्षेत्र', minSpend: 'न्यूनतम ख़र्च', preview: 'सेगमेंट देखें',
    previewResult: 'कोई ग्राहक मेल नहीं खाता | 1 ग्राहक मेल खाता है | {n} ग्राहक मेल खाते हैं', save: 'अभियान बनाएँ',
    empty: 'अभी कोई अभियान नहीं', status: 'स्थिति', progress: 'प्रगति',
  },
};

export default hi;
