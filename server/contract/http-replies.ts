import { Type, type TSchema } from '@sinclair/typebox';

// Reply schemas shared by routes of several domains: an empty 204, a CSV download, a JSON report that format=csv
// turns into one of its tables. Every route declares a reply schema (tests/integration/contract/reply-schemas.test.ts);
// these are the ones with no JSON body, or with a body that is not JSON.

/** 204 with no body. */
export const NoContent = { 204: Type.Null({ description: 'no content' }) };

/** A CSV text with a header row, sent as an attachment. */
export const CsvText = Type.String({ description: 'CSV text with a header row (an attachment)' });

/**
 * A file sent as it is (a string or a stream, never serialised). Typed unknown so that a route may send a stream;
 * the document shows a binary string.
 */
const FileBody = (description: string) => Type.Unsafe<unknown>(Type.String({ format: 'binary', description }));

/** 200 with a CSV file (a string or a stream). */
export const csvReply = () => ({ 200: { content: { 'text/csv': { schema: FileBody('CSV text with a header row (an attachment)') } } } });

/** What every failure answers (server/http/error-handler.ts); code is a stable kebab-case key. */
export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) }),
});

/** 200 with a JSON document, or with one of its tables as CSV when the query asks format=csv. */
export const jsonOrCsvReply = <T extends TSchema>(json: T) => ({
  200: { content: { 'application/json': { schema: json }, 'text/csv': { schema: CsvText } } },
});

/** GET /api/openapi.json: the OpenAPI 3 document of these routes (docs/openapi.json is its checked-in copy). */
export const OpenApiDocument = Type.Object({ openapi: Type.String() }, { additionalProperties: true });

/** A file sent as stored (the console's static files, with the type its name gives), or a 404. */
export const StaticFile = { 200: { content: { '*/*': { schema: FileBody('a static file') } } }, 404: ErrorReply };

/** A recording's audio as stored, whole (200) or one range of it (206); 416: a seek past the end. */
export const AudioFile = {
  200: { content: { 'audio/*': { schema: FileBody('the recording (wav, mp3, ogg, ...)') } } },
  206: { content: { 'audio/*': { schema: FileBody('one range of the recording') } } },
  416: Type.Null({ description: 'the range starts past the end (Content-Range: bytes */size)' }),
};

/** Prometheus's text exposition format (GET /metrics). */
export const metricsReply = () => ({ 200: { content: { 'text/plain': { schema: Type.String({ description: 'Prometheus text format' }) } } }, 404: ErrorReply });
