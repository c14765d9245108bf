// CSV writing (RFC 4180) that is safe to open in a spreadsheet. Pure.
//
// Every value comes from log files an attacker can write to (a userAgent, an eventName in a
// forged record), and spreadsheets run a cell that starts like a formula. OWASP's advice for CSV
// injection (https://owasp.org/www-community/attacks/CSV_Injection) is followed: a cell that
// begins with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, which makes Excel, LibreOffice and
// Google Sheets read it as text, and every cell that needs it is quoted with inner quotes doubled.

/** Characters that make a spreadsheet treat a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r]/;

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
