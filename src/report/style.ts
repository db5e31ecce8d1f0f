/**
 * Terminal styling for the text report: ANSI SGR colours when asked for, nothing otherwise, and a
 * sanitizer that keeps AWS-supplied strings (account names, error messages) from writing escape
 * sequences, line breaks or bidirectional overrides into the terminal.
 */

/** Paints text; the identity when colour is off. */
export type Paint = (text: string) => string;

/** The styles the text report uses. */
export interface Style {
  /** Whether this style emits escape sequences at all. */
  readonly color: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly magenta: Paint;
  readonly cyan: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`;

const identity: Paint = (text) => text;

/** ANSI styles when `color` is true; plain text otherwise. */
export function makeStyle(color: boolean): Style {
  if (!color) {
    return {
      color,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      magenta: identity,
      cyan: identity,
    };
  }
  return {
    color,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    magenta: sgr(35, 39),
    cyan: sgr(36, 39),
  };
}

/**
 * C0 and C1 control characters (ESC, BEL, CR, LF, TAB, …), DEL, and the Unicode bidirectional
 * embedding, override and isolate characters that can make text display differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes an untrusted string safe to print on one terminal line: whitespace controls become spaces and
 * every other control or bidi character becomes U+FFFD, so nothing in AWS data can move the cursor,
 * change colours or start a new line.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : '\uFFFD'));
}

/** Number of terminal columns `text` takes, ignoring escape sequences (one column per code point). */
export function visibleWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return Array.from(text.replace(/\u001b\[[0-9;]*m/g, '')).length;
}
