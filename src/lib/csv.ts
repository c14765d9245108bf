// CSV writing (RFC 4180) that is safe to open in a spreadsheet. Pure.
//
// Every value comes from log files an attacker can write to (a userAgent, an eventName in a
// forged record), and spreadsheets run a cell that starts like a formula. OWASP's advice for CSV
// injection (https://owasp.org/www-community/attacks/CSV_Injection) is followed: a cell that
// begins with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, which makes Excel, LibreOffice and
// Google Sheets read it as text, and every cell that needs it is quoted with inner quotes doubled.
// Spreadsheets skip leading blanks before a formula, and some read the full-width `＝＋－＠` as
// their ASCII forms: a formula character after any run of spaces (the non-breaking and other
// Unicode spaces included), LF, CR, TAB, VT, FF or NUL, and a full-width one, are neutralised too.

/**
 * What makes a spreadsheet treat a cell as a formula: TAB or CR first, or a formula character
 * (ASCII or full-width) after any leading blanks (`\s` is every Unicode space and line break).
 */
const FORMULA_START = /^(?:[\t\r]|[\s\0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

// Quoting on `;` and TAB as well as on `,`: Excel in many locales splits CSV on `;`, and a cell
// split there could start a new cell with `=` after the neutralising `'`.
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell: neutralised against formula injection, quoted when needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One line of cells, ended by CRLF as RFC 4180 asks. */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}
