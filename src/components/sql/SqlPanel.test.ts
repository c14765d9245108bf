// The panel's forms rendered to HTML: the contract's test ids, the reason in place of SQL that
// cannot be said, and log text kept inert.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { emptyView, type ViewState } from "../../state/viewState";
import { SqlForms, SqlPanel } from "./SqlPanel";
import type { ExplorerProps } from "../app/types";

const PATHS = [
  "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1240Z_C1qUFaqvZS64BcIN.json.gz",
];

function render(view: Partial<ViewState>): string {
  return renderToStaticMarkup(
    createElement(SqlForms, { view: { ...emptyView(), ...view }, paths: PATHS }),
  );
}

describe("SqlForms", () => {
  it("holds the three forms under the contract's test ids", () => {
    const html = render({ query: "eventName:ConsoleLogin" });
    for (const id of ["sql-athena", "sql-lake", "sql-duckdb"])
      expect(html).toContain(`data-testid="${id}" data-state="ok"`);
    expect(html).toContain("CREATE EXTERNAL TABLE");
    expect(html).toContain("UNLOAD (");
    expect(html).toContain("read_json(&#x27;AWSLogs/*/CloudTrail/");
  });

  it("shows the reason, marked unsupported, where a form cannot say the view", () => {
    const html = render({ query: "finding:root-use" });
    expect(html.match(/data-state="unsupported"/g)).toHaveLength(3);
    expect(html).toContain("finding:");
  });

  it("renders hostile log text as text", () => {
    const html = render({ include: { eventName: ["<img src=x onerror=alert(1)>"] } });
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("SqlPanel", () => {
  it("is a toolbar button that opens the panel", () => {
    const props = { session: { files: [] }, view: emptyView() } as unknown as ExplorerProps;
    const html = renderToStaticMarkup(createElement(SqlPanel, props));
    expect(html).toContain('data-testid="sql-open"');
    expect(html).toContain("Copy as SQL…");
  });
});
