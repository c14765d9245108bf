// What the detail says about a record it re-reads: the reasons it cannot show one, and the
// bounds on showing one nested deeper than a tree can be drawn. Pure.
import { asSentence, formatCount } from "../../lib/format";

/** Levels of the record tree drawn; deeper containers say that they are not shown. */
export const MAX_TREE_DEPTH = 64;
/** Characters of a record's raw text shown at most (the copy button copies all of it). */
export const RAW_TEXT_CAP = 100_000;

/** Reasons that are about the record's own shape, not about its file. */
const SHAPE_REASON = /nested too deeply|too deep|call stack|recursion/i;

/**
 * Why the record cannot be shown, in words. A reason about the record's shape (nested too deeply)
 * is said as such; only a reason about reading the file again suggests that the file moved.
 */
export function recordProblem(message: string, where: string): string {
  if (SHAPE_REASON.test(message))
    return `The record was read again from ${where} but cannot be shown: ${asSentence(message)}`;
  return (
    `The record could not be read again from ${where}: ${asSentence(message)} ` +
    "The file may have been moved, changed or deleted since it was loaded."
  );
}

/** How many levels of objects and arrays a value nests (0 for a string or a number); no recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) stack.push([child, level]);
    }
  }
  return deepest;
}

/** The record's text as shown: at most RAW_TEXT_CAP characters, and whether it was cut. */
export function shownRawText(text: string): { text: string; cut: boolean } {
  return text.length > RAW_TEXT_CAP
    ? { text: text.slice(0, RAW_TEXT_CAP), cut: true }
    : { text, cut: false };
}

/** What the detail says above a record too deep to print whole. */
export function deepRecordNote(depth: number | null): string {
  const levels = depth === null ? "too many levels" : `${formatCount(depth)} levels`;
  return (
    `This record nests ${levels} deep, more than can be shown whole: the tree stops at ` +
    `${MAX_TREE_DEPTH} levels, and the record's text as its file holds it follows.`
  );
}
