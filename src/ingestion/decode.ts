// Turns a file's bytes into text: UTF-8 first, then the charset the page declares, then GB18030
// (a superset of GB2312 and GBK) for legacy Chinese pages. Binary files are refused.

export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const SNIFF_BYTES = 8192;

/** True when the bytes look like a binary file (NUL bytes or many control characters). */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1');
  const match = /charset\s*=\s*["']?([\w-]+)/i.exec(head) ?? /encoding\s*=\s*["']([\w-]+)/i.exec(head);
  return match?.[1]?.toLowerCase();
}

function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes article bytes, detecting legacy Chinese encodings. */
export function decodeArticleBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (looksBinary(bytes)) return { ok: false, reason: 'the file is binary, not text' };
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== undefined) return { ok: true, text: utf8.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  const declared = declaredCharset(bytes);
  const candidates = [declared, 'gb18030', 'big5'].filter(
    (e): e is string => e !== undefined && e !== 'utf-8' && e !== 'utf8',
  );
  for (const encoding of candidates) {
    const normalised = ['gb2312', 'gbk', 'x-gbk'].includes(encoding) ? 'gb18030' : encoding;
    const text = tryDecode(bytes, normalised);
    if (text !== undefined) return { ok: true, text, encoding: normalised };
  }
  return { ok: false, reason: 'the text encoding could not be recognised' };
}
