// Field names of a rule → record paths. Sigma field names are record paths already; the query
// layer's canonicalPath keeps such paths unchanged and gives an alias (`ip`) or a column's own
// name (`userType`) its path, as in the query box.
import { canonicalPath } from "../fields";

/**
 * The record path for a field name. canonicalPath looks names up in plain objects, so a name
 * like `constructor` or `__proto__` would come back as an inherited member, not a string: such a
 * name stays the name it is.
 */
export function pathOf(name: string): string {
  const path: unknown = canonicalPath(name);
  return typeof path === "string" ? path : name;
}
