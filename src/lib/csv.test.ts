import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

/** A small RFC 4180 reader, to check that what is written reads back as the cells meant. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("csvCell", () => {
  it("leaves plain values alone", () => {
    expect(csvCell("GetCallerIdentity")).toBe("GetCallerIdentity");
    expect(csvCell("")).toBe("");
    expect(csvCell("arn:aws:iam::123456789012:user/alice")).toBe(
      "arn:aws:iam::123456789012:user/alice",
    );
  });

  it("neutralises formulas with a leading quote", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(1)")).toBe("'@SUM(1)");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("\t=1")).toBe(`"'\t=1"`);
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("does not touch formula characters after the first", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("user@example.com")).toBe("user@example.com");
  });

  it("quotes commas, semicolons, quotes and line breaks, doubling inner quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a;=1")).toBe('"a;=1"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
  });

  it("keeps unicode as it is", () => {
    expect(csvCell("Zürich → 東京 🚀")).toBe("Zürich → 東京 🚀");
    expect(csvCell("1＝1")).toBe("1＝1");
  });

  describe("neutralises a formula character after leading blanks", () => {
    const blanks: [string, string][] = [
      ["a space", " "],
      ["several spaces", "   "],
      ["a non-breaking space", "\u00a0"],
      ["an ideographic space", "\u3000"],
      ["a line feed", "\n"],
      ["a carriage return", "\r"],
      ["a tab", "\t"],
      ["a vertical tab", "\v"],
      ["a form feed", "\f"],
      ["a NUL", "\0"],
      ["a mix of them", " \u00a0\t\v\f\0\n"],
    ];
    for (const [name, blank] of blanks) {
      for (const start of ["=", "+", "-", "@"]) {
        it(`${name} before ${start}`, () => {
          const value = `${blank}${start}1+1`;
          const cell = csvCell(value);
          // Quoted when the blanks hold a TAB, CR or LF; either way it reads back as `'` + value.
          const unquoted = cell.startsWith('"') ? cell.slice(1, -1) : cell;
          expect(unquoted).toBe(`'${value}`);
        });
      }
    }
  });

  it("neutralises the full-width formula characters, first or after blanks", () => {
    expect(csvCell("＝1+1")).toBe("'＝1+1");
    expect(csvCell("＋1")).toBe("'＋1");
    expect(csvCell("－1")).toBe("'－1");
    expect(csvCell("＠SUM(1)")).toBe("'＠SUM(1)");
    expect(csvCell(" ＝1+1")).toBe("' ＝1+1");
    expect(csvCell("\u00a0＠SUM(1)")).toBe("'\u00a0＠SUM(1)");
  });

  it("leaves blanks before anything else alone", () => {
    expect(csvCell(" GetObject")).toBe(" GetObject");
    expect(csvCell("\u00a0a=b")).toBe("\u00a0a=b");
    expect(csvCell("\v\f\0x")).toBe("\v\f\0x");
    expect(csvCell("   ")).toBe("   ");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", "b", ""])).toBe("a,b,\r\n");
  });

  it("reads back as the neutralised cells, one row per record even with hostile values", () => {
    const hostile = [
      '=HYPERLINK("http://x","y")',
      "+cmd|' /C calc'!A0",
      "-2+3",
      "@SUM(1)",
      'a "quoted",\r\nmulti-line value',
      "Zürich, 東京",
      " =1+1",
      "\u00a0\n＝1+1",
    ];
    const text = csvRow(["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"]) + csvRow(hostile);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'+cmd|' /C calc'!A0",
      "'-2+3",
      "'@SUM(1)",
      'a "quoted",\r\nmulti-line value',
      "Zürich, 東京",
      "' =1+1",
      "'\u00a0\n＝1+1",
    ]);
    for (const cell of rows[1]) expect(cell).not.toMatch(/^[\s\0]*[=+\-@＝＋－＠]/);
  });
});
