import base from '../en';
import { featuresOf, mergeCatalog } from '../merge-catalog';

// One language's messages, a chunk of its own: the console fetches only the user's language (issue #22.6).
const features = import.meta.glob(['../features/*.ts', '!../features/index.ts', '!../features/define-feature.ts'], { eager: true, import: 'default', query: '?locale=en' });
export default mergeCatalog(base, featuresOf(features, 'en'));
