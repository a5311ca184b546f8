import { defineFeature } from './define-feature';

// Issue #22: column labels of CSV exports that no screen shows as a table header (the import's errors.csv has the
// error's stable code besides its message).
export default defineFeature({
  en: { imports: { errorCode: 'Error code' } },
  ru: { imports: { errorCode: 'Код ошибки' } },
  mn: { imports: { errorCode: 'Алдааны код' } },
  hi: { imports: { errorCode: 'त्रुटि कोड' } },
  id: { imports: { errorCode: 'Kode kesalahan' } },
});
