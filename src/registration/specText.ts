/**
 * Bytes of a spec file -> its text. Editors on Windows save JSON with a UTF-8 byte order mark or as UTF-16
 * ("Unicode"); JSON.parse fails on both with an error that points at the end of the file. Here a UTF-8 BOM
 * is accepted (dropped), and UTF-16 or bytes that are not UTF-8 are refused at line 1 with the fix. Pure.
 */
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const SAVE_AS_UTF8 = 'save the file as UTF-8 (VS Code: "Save with Encoding" → UTF-8; Notepad: Save As → Encoding UTF-8) and run the command again';

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** UTF-16 with a BOM, or without one (an ASCII-heavy JSON file then has a NUL in every other byte). */
const looksUtf16 = (bytes: Uint8Array): boolean => {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  const head = bytes.subarray(0, 64);
  return head.length >= 2 && head.filter((b) => b === 0).length * 4 >= head.length;
};

export type SpecText = { ok: true; text: string } | { ok: false; problem: string };

export const decodeSpecText = (bytes: Uint8Array): SpecText => {
  if (looksUtf16(bytes)) return { ok: false, problem: `line 1: the file is saved as UTF-16 — ${SAVE_AS_UTF8}` };
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    return { ok: false, problem: `the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1) — ${SAVE_AS_UTF8}` };
  }
};
