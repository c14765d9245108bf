import { describe, expect, it } from "vitest";
import { parseQuery } from "../query/parse";
import { columnRowSteps } from "./columnRows";
import { EventStore } from "./eventStore";
import { evaluateQuery } from "./queryEval";
import { maskRows } from "./rowLists";
import { buildChunk, type TestEvent } from "./testing";

const SOURCES = ["iam.amazonaws.com", "s3.amazonaws.com", "sts.amazonaws.com"];
const NAMES = ["CreateUser", "GetObject", "AssumeRole", "DeleteUser", "ListBuckets"];

/** 997 events cycling through sources, names, error codes and regions at different periods. */
function events(): TestEvent[] {
  const out: TestEvent[] = [];
  for (let i = 0; i < 997; i++) {
    const event: TestEvent = {
      eventID: `e-${i}`,
      eventTime: Date.UTC(2026, 10, 2) + i * 1000,
      eventSource: SOURCES[i % 3],
      eventName: NAMES[i % 5],
      awsRegion: i % 7 === 0 ? "eu-west-1" : "us-east-1",
    };
    if (i % 11 === 0) event.errorCode = "AccessDenied";
    out.push(event);
  }
  return out;
}

function expr(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.expr;
}

function run(steps: Generator<void, Uint32Array>): { rows: number[]; yields: number } {
  let yields = 0;
  for (;;) {
    const step = steps.next();
    if (step.done === true) return { rows: Array.from(step.value), yields };
    yields++;
  }
}

describe("columnRowSteps", () => {
  const list = events();
  const store = new EventStore();
  store.append(buildChunk(list));
  const n = list.length;

  it("lists the rows of a rule on columns, whatever the step, as the events say", () => {
    const cases: [string, (e: TestEvent) => boolean][] = [
      ["eventSource:iam.amazonaws.com", (e) => e.eventSource === "iam.amazonaws.com"],
      [
        "eventSource:iam.amazonaws.com AND eventName:(CreateUser OR DeleteUser)",
        (e) =>
          e.eventSource === "iam.amazonaws.com" &&
          (e.eventName === "CreateUser" || e.eventName === "DeleteUser"),
      ],
      [
        "eventName:GetObject OR errorCode:AccessDenied",
        (e) => e.eventName === "GetObject" || e.errorCode === "AccessDenied",
      ],
      [
        "eventSource:s3.amazonaws.com AND NOT awsRegion:us-east-1 AND errorCode:AccessDenied",
        (e) =>
          e.eventSource === "s3.amazonaws.com" &&
          e.awsRegion !== "us-east-1" &&
          e.errorCode === "AccessDenied",
      ],
      // A value no row has empties an AND, and one every row has fills an OR, without a pass.
      ["eventSource:iam.amazonaws.com AND eventName:NoSuchCall", () => false],
      ["eventName:NoSuchCall OR eventSource:*", () => true],
    ];
    for (const [text, holds] of cases) {
      const want = list.flatMap((e, i) => (holds(e) ? [i] : []));
      for (const step of [1, 64, 1000, n]) {
        const steps = columnRowSteps(store, expr(text), step);
        if (steps === null) throw new Error(`${text}: not read from columns`);
        const { rows } = run(steps);
        expect(rows, `${text} by ${step}`).toEqual(want);
        expect(rows).toEqual(Array.from(maskRows(evaluateQuery(store, expr(text), () => null))));
      }
    }
  });

  it("yields once a step of rows read, and not at all when the counts decide", () => {
    const steps = columnRowSteps(store, expr("eventSource:iam.amazonaws.com"), 100)!;
    expect(run(steps).yields).toBe(Math.ceil(n / 100));
    const empty = columnRowSteps(store, expr("eventName:NoSuchCall AND eventSource:*"), 100)!;
    expect(run(empty)).toEqual({ rows: [], yields: 0 });
  });

  it("leaves expressions that are not read through dictionaries alone to evaluateQuery", () => {
    expect(columnRowSteps(store, expr("requestParameters.notIndexedAnywhere:x"))).toBeNull();
    expect(columnRowSteps(store, expr("eventName:CreateUser AND somewordalone"))).toBeNull();
  });
});
