/**
 * Escaping for the HTML report. Every string that reaches the page from AWS or from a blueprint passes
 * through exactly one of these: {@link escapeHtml} for server-rendered text and attribute values,
 * {@link jsonForScript} for the data block the client script reads, and {@link anchorId} for the
 * fragment identifiers that become `href="#…"` and `id="…"`.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// C0 controls other than tab, line feed and carriage return, DEL, the C1 controls and the
// non-characters U+FFFE/U+FFFF are not allowed in HTML text; they are dropped. Lone surrogates are
// replaced, so the page is always valid UTF-8.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes a value for HTML text content and for a double- or single-quoted attribute value: `& < > " '`
 * and the backtick become character references; characters HTML forbids are dropped and lone
 * surrogates become U+FFFD. `null` and `undefined` give the empty string.
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value)
    .replace(FORBIDDEN, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Serializes a value as JSON that is safe inside `<script type="application/json">`: `<`, `>` and
 * `&` become `\u003c`, `\u003e` and `\u0026` (so no `</script>` or `<!--` can end or confuse the
 * element), and U+2028/U+2029 become escapes (older JavaScript parsers treat them as line ends). The
 * result still parses to the same value with `JSON.parse`.
 */
export function jsonForScript(value: unknown): string {
  return escapeScriptJson(JSON.stringify(value));
}

/**
 * The escaping of {@link jsonForScript} applied to JSON text that is already serialized. It replaces
 * single characters only, so escaping the pieces of a document one by one gives the same text as
 * escaping the whole: the HTML report writes its data block this way, a piece at a time.
 */
export function escapeScriptJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A fragment identifier built from an id: lower-case ASCII letters, digits and `-` only (anything
 * else becomes `-`), prefixed with `prefix`. Used for `id="…"` and `href="#…"`; the output can
 * never start a URL scheme because it always begins with the fixed prefix.
 */
export function anchorId(prefix: string, id: string): string {
  const safe = id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${prefix}-${safe}`;
}

/** `encodeURIComponent` that also encodes `! ' ( ) *` (RFC 3986 reserved), so no quote survives. */
function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A hash route to the findings table with filters, e.g. `#findings?capability=threat-detection&status=FAIL`.
 * Values are percent-encoded, so the route is a plain `#…` fragment whatever the values hold.
 */
export function findingsRoute(filters: Readonly<Record<string, string | undefined>>): string {
  const query = Object.entries(filters)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`)
    .join('&');
  return query ? `#findings?${query}` : '#findings';
}
