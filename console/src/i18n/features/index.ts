import type { LocaleCode } from '../locales';
import shift from './shift';
import signIn from './sign-in';
import admin from './admin';
import enums from './enums';
import refusal from './refusal';
import lists from './lists';
import offers from './offers';
import transfer from './transfer';
import predictive from './predictive';
import columns from './columns';
import queuesAdmin from './queues-admin';
import settingsAdmin from './settings-admin';
import importsAdmin from './imports-admin';
import formErrors from './form-errors';
import leadSourcesAdmin from './lead-sources-admin';
import callingWindow from './calling-window';
import csvExports from './csv-exports';
import importErrors from './import-errors';
import dialerReports from './dialer-reports';
import spySession from './spy-session';

// Feature catalogs (define-feature.ts), one file per feature with all five languages. To add one:
//   import admin from './admin';
//   export const FEATURES = [admin, ...];
//   export type FeatureSchema = typeof admin.en & ...;
// A feature may add top-level sections or extend a base section; the catalogs are merged deeply (i18n/index.ts).
export const FEATURES: Array<Record<LocaleCode, object>> = [shift, signIn, admin, enums, refusal, lists, offers, transfer, predictive, columns, queuesAdmin, settingsAdmin, importsAdmin, formErrors, leadSourcesAdmin, callingWindow, importErrors, dialerReports, csvExports, spySession];

/** The keys every feature adds: the intersection of each feature's `en`. */
export type FeatureSchema = typeof shift.en & typeof signIn.en & typeof admin.en & typeof enums.en & typeof refusal.en & typeof lists.en & typeof offers.en & typeof transfer.en & typeof predictive.en & typeof columns.en & typeof queuesAdmin.en & typeof settingsAdmin.en & typeof importsAdmin.en & typeof formErrors.en & typeof leadSourcesAdmin.en & typeof callingWindow.en & typeof importErrors.en & typeof dialerReports.en & typeof csvExports.en & typeof spySession.en;

export function featureMessages(locale: LocaleCode): object[] {
  return FEATURES.map((f) => f[locale]);
}
