import type { MessageSchema } from './en';

// Plurals: "zero | one | few | many" (see the Russian rule in i18n/index.ts).
const ru: MessageSchema = {
  app: {
    name: 'Warmline', loading: 'Загрузка…', save: 'Сохранить', cancel: 'Отмена', close: 'Закрыть', retry: 'Повторить',
    search: 'Поиск', none: 'Нет', unknown: 'Неизвестно', empty: 'Здесь пока пусто', refresh: 'Обновить', all: 'Все',
    from: 'С', to: 'По', apply: 'Применить', back: 'Назад', yes: 'Да', no: 'Нет', error: 'Что-то пошло не так',
  },
  nav: {
    main: 'Главное меню', console: 'Рабочее место', customers: 'Клиенты', wallboard: 'Табло', reports: 'Отчёты',
    campaigns: 'Кампании', logout: 'Выйти',
  },
  login: {
    title: 'Вход в Warmline', subtitle: 'Ни одного звонка вслепую.', username: 'Имя пользователя', password: 'Пароль',
    submit: 'Войти', submitting: 'Входим…',
  },
  locale: { label: 'Язык' },
  realtime: { online: 'В сети', connecting: 'Переподключение…', offline: 'Нет связи' },
  roles: { operator: 'Оператор', supervisor: 'Супервизор', campaign_manager: 'Менеджер кампаний', admin: 'Администратор' },
  agentState: {
    label: 'Статус оператора', offline: 'Не в сети', ready: 'Готов', paused: 'Пауза', ringing: 'Входящий', on_call: 'Разговор',
    wrapup: 'Обработка', setReady: 'Готов к звонкам', pause: 'Пауза', pauseReason: 'Причина паузы', since: 'с {time}',
    pending: 'Ждём подтверждения сервера…', blockedByWrapup: 'Сначала завершите обработку звонка',
  },
  softphone: {
    title: 'Софтфон', modeSip: 'SIP', modeLoopback: 'Демо-линия',
    registration: { unregistered: 'Не зарегистрирован', registering: 'Регистрация…', registered: 'Зарегистрирован', failed: 'Ошибка регистрации' },
    incoming: 'Входящий звонок', answer: 'Ответить', decline: 'Отклонить', hangup: 'Завершить', hold: 'Удержать', unhold: 'Снять с удержания',
    mute: 'Выключить микрофон', unmute: 'Включить микрофон', transfer: 'Перевести', transferTarget: 'Добавочный или номер',
    transferGo: 'Перевести сейчас', keypad: 'Клавиатура', dialNumber: 'Номер для звонка', call: 'Позвонить', idle: 'Нет активного звонка',
    onHold: 'На удержании', muted: 'Микрофон выключен', inCallWith: 'Разговор с {party}', digit: 'Отправить цифру {digit}',
  },
  pop: {
    title: 'Звонящий', waiting: 'Данные звонящего появятся здесь, как только зазвонит телефон.', caller: 'Звонящий', queue: 'Очередь',
    direction: { inbound: 'Входящий', outbound: 'Исходящий', internal: 'Внутренний' },
    matched: 'Известный клиент', ambiguous: 'Этот номер есть у нескольких клиентов', unknown: 'Неизвестный номер',
    pick: 'Этот', quickCreate: 'Создать клиента', fullName: 'ФИО', phone: 'Телефон', create: 'Создать и привязать',
    customerSince: 'Клиент с', totalSpend: 'Сумма покупок', leadSource: 'Источник', tags: 'Метки', company: 'Компания',
    region: 'Регион', dnc: 'Не звонить', openCases: 'Нет открытых обращений | {n} открытое обращение | {n} открытых обращения | {n} открытых обращений',
    caseAge: 'сегодня | {n} день | {n} дня | {n} дней', owner: 'Ответственный', agreed: 'Договорились', lastInteractions: 'Последние контакты',
    noInteractions: 'Ранее не обращался', products: 'Продукты и услуги', lastMood: 'Последнее настроение',
    pendingTasks: 'Открытые задачи', campaign: 'Кампания', offer: 'Предложение', script: 'Скрипт', openCustomer: 'Открыть карточку клиента',
    dismiss: 'Скрыть панель звонящего',
  },
  channel: { call: 'Звонок', email: 'Письмо', messenger: 'Мессенджер', sms: 'СМС', visit: 'Визит', note: 'Заметка' },
  mood: { positive: 'Позитивное', neutral: 'Нейтральное', negative: 'Негативное', angry: 'Раздражён' },
  direction: { in: 'Входящее', out: 'Исходящее' },
  wrapup: {
    title: 'Обработка звонка', callRef: 'Звонок №{id}', disposition: 'Результат', chooseDisposition: 'Выберите результат',
    notes: 'Заметки', mood: 'Настроение клиента',
    caseToggle: 'Создать или обновить обращение', caseKind: 'Тип обращения', caseSubject: 'Тема', caseStatus: 'Статус', caseAgreed: 'О чём договорились',
    status: { open: 'Открыто', in_progress: 'В работе', waiting: 'Ждём клиента', resolved: 'Решено', closed: 'Закрыто' },
    kind: { complaint: 'Жалоба', service_request: 'Заявка на услугу', information_request: 'Запрос информации' },
    taskToggle: 'Повторный контакт или перезвон', taskKind: 'Тип', followUp: 'Повторный контакт', callback: 'Перезвонить', dueAt: 'Когда', taskNote: 'Заметка',
    offerToggle: 'Сделано предложение', offerText: 'Предложение', offerResult: 'Итог', result: { accepted: 'Принято', refused: 'Отказ', callback: 'Перезвонить позже' }, product: 'Предложенный продукт',
    refusalReason: 'Причина отказа', submit: 'Завершить обработку', submitting: 'Отправка…',
    countdown: 'Готов через {time}', timeUp: 'Время обработки вышло',
    more: 'больше звонков нет | ещё {n} звонок ждёт | ещё {n} звонка ждут | ещё {n} звонков ждут',
  },
  customers: {
    title: 'Клиенты', search: 'Имя, телефон, почта или компания', tag: 'Метка', leadSource: 'Источник', region: 'Регион',
    minSpend: 'Мин. сумма', maxSpend: 'Макс. сумма', hasOpenCase: 'С открытым обращением', sort: 'Сортировка', order: 'Порядок',
    asc: 'По возрастанию', desc: 'По убыванию',
    sortBy: { name: 'Имя', total_spend: 'Сумма покупок', created: 'Клиент с', last_contact: 'Последний контакт' },
    col: { name: 'Имя', company: 'Компания', region: 'Регион', spend: 'Сумма', since: 'С', tags: 'Метки' },
    count: 'Нет клиентов | {n} клиент | {n} клиента | {n} клиентов', range: '{from}–{to} из {total}', prev: 'Предыдущая страница', next: 'Следующая страница',
  },
  customer: {
    timeline: 'История', cases: 'Обращения', purchases: 'Покупки', products: 'Продукты', phones: 'Телефоны', email: 'Почта',
    birthday: 'День рождения', notFound: 'Клиент не найден', handledBy: 'оператор: {name}', outcome: 'Итог', recording: 'Запись',
    addInteraction: 'Добавить заметку или контакт', subject: 'Тема', summary: 'Подробности', channel: 'Канал', direction: 'Направление',
    saved: 'Сохранено', noTimeline: 'За этот период контактов нет', opened: 'Открыто', amount: 'Сумма', status: 'Статус',
    events: 'Нет событий | {n} событие | {n} события | {n} событий',
  },
  reminders: {
    title: 'Напоминания', badge: 'Напоминаний нет | {n} напоминание | {n} напоминания | {n} напоминаний', callNow: 'Позвонить', done: 'Готово',
    empty: 'Ничего не горит.', callbackDue: 'Пора перезвонить', followUpDue: 'Пора связаться повторно', kind: { callback: 'Перезвон', follow_up: 'Повторный контакт' },
  },
  wallboard: {
    title: 'Табло', queues: 'Очереди', agents: 'Операторы', calls: 'Текущие звонки', alerts: 'Тревоги', listen: 'Слушать',
    whisper: 'Подсказать', barge: 'Вмешаться', forcePause: 'Поставить на паузу', unpause: 'Снять с паузы', logoff: 'Отключить', sent: 'Отправлено',
    alert: '{queue}: {kind} {value} (порог {threshold})', noQueues: 'Статистики очередей пока нет', noAgents: 'Нет операторов в сети',
    noCalls: 'Нет текущих звонков', agentsOnline: 'Нет операторов | {n} оператор | {n} оператора | {n} операторов',
  },
  reports: {
    title: 'Отчёты', operational: 'Оперативные', analytical: 'Аналитические', groupBy: 'Группировка',
    group: { queue: 'Очередь', agent: 'Оператор', hour: 'Час', day: 'День', disposition: 'Результат' },
    report: 'Отчёт', run: 'Построить', csv: 'Выгрузить CSV', empty: 'За этот период данных нет',
    analyticalKind: { 'lead-sources': 'Источники клиентов', segments: 'Сегменты', campaigns: 'Кампании', cases: 'Обращения', 'due-contacts': 'Запланированные контакты' },
  },
  campaigns: {
    title: 'Кампании', create: 'Новая кампания', name: 'Название', offer: 'Предложение', script: 'Скрипт', segment: 'Сегмент',
    tag: 'Метка', region: 'Регион', minSpend: 'Мин. сумма', preview: 'Оценить сегмент',
    previewResult: 'Подходящих клиентов нет | подходит {n} клиент | подходят {n} клиента | подходят {n} клиентов', save: 'Создать кампанию',
    empty: 'Кампаний пока нет', status: 'Статус', progress: 'Ход',
  },
};

export default ru;
