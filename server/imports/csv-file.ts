import type { ImportErrorCode } from '@contract/customer-imports.schemas';

// What is wrong with an uploaded file as a whole, said in words a person can act on (issue #21: a spreadsheet,
// a file in another encoding or with another delimiter got a parser's message, or nothing).
// `code` is stable (the console words it); `message` says the same in English for API clients.
export interface FileProblem { code: ImportErrorCode & `file-${string}`; params?: Record<string, string | number>; message: string }
export interface FileRowProblem { row: number; column: string; code: ImportErrorCode; params: Record<string, string | number>; message: string }

export class FileRejected extends Error {
  constructor(readonly problem: FileProblem, readonly rows: FileRowProblem[] = []) {
    super(problem.message);
  }
}

/** Looks at the first bytes: an Excel or other zip file, UTF-16, or binary content. */
export function sniffStart(first: Buffer): FileProblem | null {
  if (first.length === 0) return { code: 'file-empty', message: 'the file is empty' };
  if (first.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || first.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return { code: 'file-spreadsheet', message: 'this is a spreadsheet workbook (.xlsx/.xls), not CSV: save it as "CSV UTF-8 (comma delimited)" and upload that' };
  }
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) {
    return { code: 'file-utf16', message: 'the file is UTF-16 text: save it as "CSV UTF-8" and upload that' };
  }
  const head = first.subarray(0, 4096);
  if (head.includes(0)) return { code: 'file-binary', message: 'this is not a text file (it contains binary data): upload a CSV file' };
  return null;
}

/** A header that is one column holding semicolons or tabs was written with another delimiter. */
export function delimiterProblem(header: string[]): FileProblem | null {
  if (header.length !== 1) return null;
  const only = header[0] ?? '';
  const used = only.includes(';') ? 'semicolons' : only.includes('\t') ? 'tabs' : null;
  return used ? { code: 'file-delimiter', params: { delimiter: used === 'semicolons' ? ';' : 'tab' }, message: `the columns are separated by ${used}; separate them with commas (save as "CSV UTF-8 (comma delimited)")` } : null;
}

/** Decodes UTF-8 chunk by chunk and fails with a clear message on the first byte that is not UTF-8. */
export function utf8Decoder(): (chunk: Buffer | null, offset: number) => string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (chunk, offset) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new FileRejected({ code: 'file-encoding', params: { offset }, message: `the file is not UTF-8 text (near byte ${offset}); it was probably saved as Windows-1251 or Latin-1: save it as "CSV UTF-8" and upload that` });
    }
  };
}
