/**
 * A small RFC 4180 CSV reader shared by the holdings and price parsers.
 *
 * Policy: records are reported with the 1-based physical line they start on, so every
 * error downstream can name a line a user can find in an editor. A quoted field may
 * hold commas, doubled quotes and line breaks (iShares puts its whole legal footer in
 * one quoted field). Lines without a quote take a fast path (`split(',')`), because
 * price files are millions of plain lines and the state machine is only needed for
 * the few quoted ones. CR before LF is dropped; a UTF-8 BOM is the caller's business
 * (`stripBom`).
 */
import { ImportError } from './types.ts';

/** Called once per record; return `false` to stop reading (e.g. at a footer). */
export type CsvVisitor = (fields: string[], line: number) => boolean | void;

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Visits every record of `text` in order.
 *
 * @example
 * readCsv('a,"b,c"\n"x ""y""",2\n', (f, line) => console.log(line, f));
 * // 1 [ 'a', 'b,c' ]
 * // 2 [ 'x "y"', '2' ]
 */
export function readCsv(text: string, file: string, visit: CsvVisitor): void {
  const n = text.length;
  let pos = 0;
  let line = 1;
  // Position of the next quote at or after `pos` (n when none): searched again only once
  // passed, so a file without quotes is scanned for them once, not once per line.
  let nextQuote = -1;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = n;
    if (nextQuote < pos) {
      nextQuote = text.indexOf('"', pos);
      if (nextQuote === -1) nextQuote = n;
    }
    if (nextQuote >= eol) {
      // Fast path: an unquoted line.
      const end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
      const fields = text.slice(pos, end).split(',');
      if (visit(fields, line) === false) return;
      pos = eol + 1;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let inQuotes = false;
    let fieldStart = i;
    for (;;) {
      if (i >= n) {
        if (inQuotes) throw new ImportError(file, 'a quoted field is never closed (the file looks truncated)', { line: startLine });
        const end = i > fieldStart && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
        fields.push(field + text.slice(fieldStart, end));
        break;
      }
      const c = text.charCodeAt(i);
      if (inQuotes) {
        if (c === 34 /* " */) {
          if (text.charCodeAt(i + 1) === 34) {
            field += text.slice(fieldStart, i + 1);
            i += 2;
            fieldStart = i;
            continue;
          }
          field += text.slice(fieldStart, i);
          inQuotes = false;
          i++;
          fieldStart = i;
          continue;
        }
        if (c === 10) line++;
        i++;
        continue;
      }
      if (c === 34) {
        // A quote opens a quoted section only at the start of a field; elsewhere it is data
        // (lenient, as spreadsheet programs are).
        if (i === fieldStart && field === '') {
          inQuotes = true;
          i++;
          fieldStart = i;
          continue;
        }
        i++;
        continue;
      }
      if (c === 44 /* , */) {
        fields.push(field + text.slice(fieldStart, i));
        field = '';
        i++;
        fieldStart = i;
        continue;
      }
      if (c === 10) {
        const end = i > fieldStart && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
        fields.push(field + text.slice(fieldStart, end));
        break;
      }
      i++;
    }
    if (visit(fields, startLine) === false) return;
    pos = i + 1;
    line++;
  }
}

/** True when every field is empty or whitespace (including the NBSP iShares writes). */
export function isBlankRecord(fields: string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

/**
 * True when the text is an HTML (or XML) document rather than data: bot checks and error
 * pages are served with HTTP 200. Tags are matched by name so that Stooq's bulk header
 * (`<TICKER>,<PER>,<DATE>,…`) is not mistaken for a page.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return /^<(?:!doctype|html|head|body|\?xml|script|meta|title|div|p[\s>])/.test(head) || head.includes('<html');
}
