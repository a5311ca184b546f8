import base from '../id';
import { featuresOf, mergeCatalog } from '../merge-catalog';

// One language's messages, a chunk of its own: the console fetches only the user's language (issue #22.6).
const features = import.meta.glob(['../features/*.ts', '!../features/index.ts', '!../features/define-feature.ts'], { eager: true, import: 'default', query: '?locale=id' });
export default mergeCatalog(base, featuresOf(features, 'id'));
