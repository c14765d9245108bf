import { describe, expect, it } from "vitest";
import {
  emptyView,
  hashToView,
  nextSort,
  toggleExclude,
  toggleInclude,
  viewToHash,
} from "./viewState";

describe("view state in the URL hash", () => {
  it("round-trips filters, time range, sort and the open event", () => {
    let view = emptyView();
    view = toggleInclude(view, "eventName", "RunInstances");
    view = toggleInclude(view, "eventName", "a,b&c=d #weird");
    view = toggleExclude(view, "errorCode", "");
    view = {
      ...view,
      timeFrom: Date.UTC(2026, 10, 2, 12),
      timeTo: Date.UTC(2026, 10, 2, 13),
      sort: { column: "sourceIPAddress", direction: "asc" },
      query: "alice AccessDenied",
      group: ["principal", "errorCode"],
      text: 'i-0abc123 "quoted"',
      event: "6b54e0ad-c23c-4850-b896-7533a3558526",
      timeZone: "local",
    };
    expect(hashToView(viewToHash(view))).toEqual(view);
  });

  it("an empty view is a short hash and reads back as empty", () => {
    expect(viewToHash(emptyView())).toBe("#v=1");
    expect(hashToView("#v=1")).toEqual(emptyView());
  });

  it("ignores what it does not understand, and other versions", () => {
    expect(hashToView("#v=99&eventName=X")).toEqual(emptyView());
    expect(hashToView("#v=1&nonsense=1&from=yesterday&sort=-bogus")).toEqual(emptyView());
    expect(hashToView("")).toEqual(emptyView());
  });

  it("include and exclude of one value are exclusive, and a second toggle removes it", () => {
    let view = toggleInclude(emptyView(), "awsRegion", "us-east-1");
    view = toggleExclude(view, "awsRegion", "us-east-1");
    expect(view.include).toEqual({});
    expect(view.exclude).toEqual({ awsRegion: ["us-east-1"] });
    view = toggleExclude(view, "awsRegion", "us-east-1");
    expect(view.exclude).toEqual({});
  });
});

describe("nextSort", () => {
  it("reverses the same column and starts others in their natural order", () => {
    const byTime = emptyView().sort;
    expect(nextSort(byTime, "time")).toEqual({ column: "time", direction: "asc" });
    expect(nextSort(byTime, "eventName")).toEqual({ column: "eventName", direction: "asc" });
    expect(nextSort({ column: "eventName", direction: "asc" }, "eventName")).toEqual({
      column: "eventName",
      direction: "desc",
    });
    expect(nextSort({ column: "eventName", direction: "asc" }, "time")).toEqual(byTime);
  });
});
