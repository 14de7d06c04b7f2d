/**
 * SQL and messages come from PR authors. Characters that can rewrite a terminal (ESC), hide code (bidi overrides,
 * "Trojan Source") or start a new line where a reader does not expect one are shown as visible stand-ins, one code
 * point for one code point so column markers stay aligned. Tab and newline are left to the caller.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function showControlChars(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code); // Control Pictures: ␛, ␍, …
    if (code === 0x7f) return '\u2421'; // ␡
    return '\ufffd';
  });
}

/** For fields meant to be one line (messages, rule ids, paths): newlines become spaces, controls become visible. */
export function toSingleLine(text: string): string {
  return showControlChars(text.replace(/\r\n|\r|\n/g, ' ').replace(/\t/g, ' '));
}
