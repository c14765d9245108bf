// A rule's metadata: what the detections list shows and what the Detection Rule License asks to
// keep (author, a link to the license). Lenient on purpose: odd metadata never costs a rule its
// detection, it reads as empty (or level "medium").
import { pathOf } from "./paths";
import { fail } from "./errors";
import type { SigmaLevel, SigmaMeta } from "./types";
import { get, isList, isMap, type YamlMap, type YamlValue } from "./yaml";

export const SIGMAHQ_LINK = "https://github.com/SigmaHQ/sigma";
export const DRL = "DRL-1.1";
export const DRL_LINK = "https://github.com/SigmaHQ/Detection-Rule-License";

const LEVELS = new Set<string>(["informational", "low", "medium", "high", "critical"]);
const TECHNIQUE = /^t\d{4}(?:\.\d{3})?$/;
/** ATT&CK groups, software and campaigns: neither tactics nor techniques. */
const OTHER_ATTACK_ID = /^[gsc]\d{4}$/;
const TACTIC = /^[a-z][a-z_-]*$/;

function text(value: YamlValue | undefined): string {
  if (typeof value === "string") return value.trim();
  if (isList(value)) return strings(value).join(", ");
  return "";
}

function strings(value: YamlValue | undefined): string[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [value.trim()];
  if (!isList(value)) return [];
  const out: string[] = [];
  for (const item of value)
    if (typeof item === "string" && item.trim() !== "") out.push(item.trim());
  return out;
}

/** ATT&CK tactics (`attack.defense-evasion` → `defense-evasion`) and techniques (`T1562.008`). */
export function attackOf(tags: readonly string[]): { tactics: string[]; techniques: string[] } {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith("attack.")) continue;
    const rest = lower.slice("attack.".length);
    if (TECHNIQUE.test(rest)) techniques.add(rest.toUpperCase());
    else if (!OTHER_ATTACK_ID.test(rest) && TACTIC.test(rest)) tactics.add(rest.replace(/_/g, "-"));
  }
  return { tactics: [...tactics], techniques: [...techniques] };
}

/** The metadata of a rule or correlation document (`index`: its 1-based place in the file). */
export function metaOf(doc: YamlMap, file: string, index: number): SigmaMeta {
  const title = text(get(doc, "title"));
  if (title === "") fail("the rule has no title");
  const level = text(get(doc, "level")).toLowerCase();
  const tags = strings(get(doc, "tags"));
  const references = strings(get(doc, "references"));
  const ownLicense = text(get(doc, "license"));
  const license = ownLicense === "" ? DRL : ownLicense;
  const logsource = Object.create(null) as Record<string, string>;
  const source = get(doc, "logsource");
  if (isMap(source)) {
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (typeof value === "string") logsource[key] = value;
    }
  }
  const name = text(get(doc, "name"));
  return {
    id: text(get(doc, "id")) || `${file}#${index}`,
    name: name === "" ? null : name,
    title,
    description: text(get(doc, "description")),
    status: text(get(doc, "status")),
    level: LEVELS.has(level) ? (level as SigmaLevel) : "medium",
    author: text(get(doc, "author")),
    date: text(get(doc, "date")),
    modified: text(get(doc, "modified")),
    references,
    tags,
    ...attackOf(tags),
    falsepositives: strings(get(doc, "falsepositives")),
    fields: strings(get(doc, "fields")).map(pathOf),
    license,
    licenseLink: license === DRL ? DRL_LINK : "",
    link: ownLicense === "" ? SIGMAHQ_LINK : (references[0] ?? ""),
    file,
    logsource,
  };
}
