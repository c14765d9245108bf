// JSON values one after another with nothing, or only white space, between them: what Amazon
// Data Firehose writes to S3 (`{...}{...}{...}`), and what `cat` of JSON files gives. Each value
// then goes through the usual detection, so a value may be a record, an EventBridge envelope, a
// `{"Records":[…]}` file, a CloudWatch Logs subscription envelope or a Lake results page.
import { asObject } from "./fields";

/** What a split found: `values` in the text's order, an incomplete last value as `undefined`. */
export interface Concatenated {
  values: unknown[];
  /** Values that parsed as JSON objects or lists. */
  complete: number;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}

/**
 * Splits `text` from `start` into top-level objects and lists, respecting strings and escapes.
 * Null when something other than white space lies between two values (the text is then not of
 * this shape, and its JSON error is the better reason), or when fewer than two values were found.
 * A value whose brackets balance but which is not JSON is kept as `undefined` (counted skipped);
 * so is a last value cut short.
 */
export function splitConcatenated(text: string, start: number): Concatenated | null {
  const values: unknown[] = [];
  let complete = 0;
  const n = text.length;
  let i = start;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    if (code !== 123 /* { */ && code !== 91 /* [ */) return null;
    const begin = i;
    let depth = 0;
    let end = -1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        // To the closing quote: one not preceded by an odd number of backslashes.
        let close = text.indexOf('"', i + 1);
        while (close > 0) {
          let slashes = 0;
          while (text.charCodeAt(close - 1 - slashes) === 92 /* \ */) slashes++;
          if (slashes % 2 === 0) break;
          close = text.indexOf('"', close + 1);
        }
        if (close < 0) {
          i = n;
          break;
        }
        i = close + 1;
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        depth--;
        if (depth === 0) {
          end = i + 1;
          i = end;
          break;
        }
      }
      i++;
    }
    if (end < 0) {
      values.push(undefined);
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(begin, end));
      complete++;
    } catch {
      value = undefined;
    }
    values.push(value);
  }
  return values.length >= 2 && complete > 0 ? { values, complete } : null;
}

/** `{"messageType":"DATA_MESSAGE","logEvents":[{"message":"<record JSON>"}, …], …}`. */
export function isCloudWatchLogsEnvelope(value: Record<string, unknown>): boolean {
  return typeof value.messageType === "string" && Array.isArray(value.logEvents);
}

/** Whether any value is a CloudWatch Logs subscription envelope. */
export function hasCloudWatchLogs(values: readonly unknown[]): boolean {
  for (const value of values) {
    const object = asObject(value);
    if (object !== null && isCloudWatchLogsEnvelope(object)) return true;
  }
  return false;
}

/**
 * The entries of a list of values, wrappers opened: the records of `{"Records":[…]}`, the events
 * of lookup-events output, the rows of a Lake results page, the elements of a list, and one entry
 * per log event of a CloudWatch Logs envelope (its message parsed; `undefined` when the message
 * is not JSON, or for a CONTROL_MESSAGE, so that it is counted as skipped). Other values stay.
 */
export function openWrappers(values: readonly unknown[]): unknown[] {
  const entries: unknown[] = [];
  const add = (list: readonly unknown[]): void => {
    for (const item of list) entries.push(item);
  };
  for (const value of values) {
    if (Array.isArray(value)) {
      add(value);
      continue;
    }
    const object = asObject(value);
    if (object === null) {
      entries.push(value);
    } else if (Array.isArray(object.Records)) {
      add(object.Records);
    } else if (Array.isArray(object.Events)) {
      add(object.Events);
    } else if (Array.isArray(object.QueryResultRows)) {
      add(object.QueryResultRows);
    } else if (isCloudWatchLogsEnvelope(object)) {
      if (object.messageType !== "DATA_MESSAGE") {
        entries.push(undefined);
        continue;
      }
      for (const logEvent of object.logEvents as unknown[]) {
        const message = asObject(logEvent)?.message;
        let entry: unknown;
        if (typeof message === "string") {
          try {
            entry = JSON.parse(message);
          } catch {
            entry = undefined;
          }
        }
        entries.push(entry);
      }
    } else {
      entries.push(object);
    }
  }
  return entries;
}
