// What was suspicious: the built-in rule pack and the user's Sigma rules (evaluated in the workers
// as files load, or over the loaded files when rules come later), their correlations, first-seen
// pairs and the computed call-rate anomalies, each turned into a finding: the rows it points at,
// with the rule's level, ATT&CK tactics and techniques, and attribution.
import { nextTask, untilNextTask } from "../lib/nextTask";
import { concat } from "../lib/batches";
import type { Expr, Term } from "../query/ast";
import { compileMatch } from "../query/match";
import { builtinRules, BUILTIN_AUTHOR } from "../query/rules";
import { compileSigma } from "../query/sigma";
import type { SigmaCorrelation, SigmaError, SigmaLevel, SigmaRule } from "../query/sigma/types";
import type { AnomalyResult } from "../store/baselines";
import { placesOfRows, rowListAtPlaces } from "../store/locate";
import { intersectRows, maskRows } from "../store/rowLists";
import { correlateRowsSliced } from "../store/correlate";
import { markFirstSeenSliced, networkIds, NOVELTY_KINDS, warmUpEnd } from "../store/novelty";
import { columnUpperBound, evaluateQuery, scanTerms, type RowMask } from "../store/queryEval";
import { anomaliesOf } from "./anomalies";
import { anomalyFindingSteps } from "./anomalyFindings";
import { columnRowSteps } from "../store/columnRows";
import { ownFinding, timeSpan, topPrincipals } from "./findingFacts";
import { runStepsBudgeted } from "../lib/steps";
import { conflictFinding } from "./conflictFinding";
import type { Session } from "./session";

export type FindingSource = "builtin" | "sigma" | "anomaly" | "first-seen" | "conflict";

export const LEVELS: readonly SigmaLevel[] = ["critical", "high", "medium", "low", "informational"];

export interface Finding {
  ruleId: string;
  title: string;
  description: string;
  level: SigmaLevel;
  tactics: string[];
  techniques: string[];
  source: FindingSource;
  /** The rows it points at, ascending. */
  rows: Uint32Array;
  /** ms since epoch of the earliest and latest of its events (NaN: none has a time). */
  first: number;
  last: number;
  /** The principals most involved, with their event counts, most first (at most 5). */
  principals: { value: string; count: number }[];
  author: string;
  link: string;
  license: string;
  licenseLink: string;
  falsepositives: string[];
  /** Why an event is here, in words (correlations, anomalies, first-seen); "" for plain rules. */
  why: string;
}

/**
 * A single-event rule. `index` is its place in the session's rule set. A rule whose terms are all
 * on indexed fields (`columns`) is evaluated over the columns once the files are read, not in the
 * workers per record; the others run in the workers as the files load.
 */
interface RuleEntry {
  rule: SigmaRule;
  source: "builtin" | "sigma";
  index: number;
  columns: boolean;
}

export interface DetectionsState {
  /** Rules in force: single-event rules and correlations. */
  rules: number;
  findings: Finding[];
  /** Rules that could not be compiled or run, with the file and the reason. */
  errors: SigmaError[];
  /** A scan of the loaded files for rules added after the load. */
  scan: { filesDone: number; filesTotal: number } | null;
  /** The warm-up rule of first-seen findings, in words, with its end time (NaN: no data). */
  warmUpEnd: number;
  /** The findings are being brought up to date with the loaded data (they are the last ones). */
  computing: boolean;
}

/** Performance timeline names: the benchmark reads how long rules added later took to run. */
export const RULES_MARK = "trailview:rules-start";
export const RULES_MEASURE = "trailview:rules";

/** How long a slice of the findings' computation may hold the main thread. */
const SLICE_MS = 12;
/** How often a scan of the loaded files for new rules says how far it is. */
const PROGRESS_MS = 250;

export class Detections {
  state: DetectionsState = {
    rules: 0,
    findings: [],
    errors: [],
    scan: null,
    warmUpEnd: NaN,
    computing: false,
  };
  /** Bumped whenever the findings change (the query box's `finding:` terms follow it). */
  version = 0;
  private readonly entries: RuleEntry[] = [];
  private readonly correlations: { correlation: SigmaCorrelation; source: "builtin" | "sigma" }[] =
    [];
  private readonly listeners = new Set<() => void>();
  private computedFor = "";
  private run = 0;
  private byId = new Map<string, Finding>();
  private masks = new Map<string, RowMask>();
  /** Derived findings kept until what they depend on changes (see dataKey). */
  private readonly correlated = new Map<
    SigmaCorrelation,
    { key: string; result: { rows: Uint32Array; why: string } | string }
  >();
  private anomalyCache: { key: string; result: AnomalyResult; findings: Finding[] } | null = null;
  private noveltyCache: { key: string; list: Finding[]; end: number } | null = null;
  private readonly columnRows = new Map<
    number,
    { version: number; clears: number; rows: Uint32Array }
  >();

  /**
   * `builtin`: whether the project's own rule pack runs (on unless the user turned it off; the
   * benchmark measures what it costs a load).
   */
  constructor(
    private readonly session: Session,
    builtin = true,
  ) {
    if (builtin) {
      const pack = builtinRules();
      for (const rule of pack.rules) this.addRule(rule, "builtin");
      for (const correlation of pack.correlations)
        this.correlations.push({ correlation, source: "builtin" });
    }
    this.publishRuleSet();
    this.state = { ...this.state, rules: this.entries.length + this.correlations.length };
    // The findings follow the loaded data once a load is done (compute does nothing when
    // nothing changed since it last ran).
    session.subscribe(() => {
      if (session.progress.state !== "loading") void this.compute();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): DetectionsState => this.state;

  /** The finding of `ruleId`, or undefined. */
  finding(ruleId: string): Finding | undefined {
    return this.byId.get(ruleId);
  }

  /** For `finding:<id>` query terms: the rows of the findings whose rule id matches. */
  rowsOf = (term: Term): RowMask | null => {
    const n = this.session.store.rows;
    const key = JSON.stringify(term.match);
    const cached = this.masks.get(key);
    if (cached !== undefined && cached.length === n) return cached;
    const test = term.match.op === "exists" ? () => true : compileMatch(term.match);
    const out = new Uint8Array(n);
    for (const finding of this.state.findings) {
      if (!test(finding.ruleId)) continue;
      for (const r of finding.rows) if (r < n) out[r] = 1;
    }
    this.masks.set(key, out);
    return out;
  };

  /** The findings whose rows include `row`, most severe first. */
  findingsOfRow(row: number): Finding[] {
    return this.state.findings.filter((finding) => includes(finding.rows, row));
  }

  /** The expression of a single-event rule (to explain a match), or null. */
  exprOf(ruleId: string): Expr | null {
    return this.entries.find((entry) => entry.rule.id === ruleId)?.rule.expr ?? null;
  }

  /**
   * Loads Sigma rule files: compiles each (a rule that cannot be compiled is listed with its
   * file and reason; every other rule still runs), evaluates the new rules over the loaded files
   * in the workers, with progress, and over every file loaded later during the load.
   */
  async addSigma(files: { name: string; text: string }[]): Promise<void> {
    performance.mark(RULES_MARK);
    const added: RuleEntry[] = [];
    const errors: SigmaError[] = [...this.state.errors];
    for (const file of files) {
      const result = compileSigma(file.text, file.name);
      errors.push(...result.errors);
      for (const rule of result.rules) {
        if (this.entries.some((entry) => entry.rule.id === rule.id)) {
          errors.push({
            file: file.name,
            title: rule.title,
            reason: `rule id ${rule.id} is already loaded`,
          });
          continue;
        }
        added.push(this.addRule(rule, "sigma"));
      }
      for (const correlation of result.correlations)
        this.correlations.push({ correlation, source: "sigma" });
    }
    this.publishRuleSet();
    this.publish({ ...this.state, errors, rules: this.entries.length + this.correlations.length });
    // The rules on indexed fields are worked out while the workers read the files for the others.
    if (added.length > 0) await this.scanLoaded(added, () => this.columnRowsOf(added));
    this.computedFor = "";
    await this.compute();
    performance.measure(RULES_MEASURE, RULES_MARK);
  }

  /**
   * Brings the findings up to date with the loaded data (after a load finishes or rules were
   * added): in slices, so that no task holds the page.
   */
  async compute(): Promise<void> {
    const { session } = this;
    if (session.progress.state === "loading") return;
    const key = `${session.clears}:${session.store.version}:${session.ruleHits.version}:${this.entries.length}:${this.correlations.length}`;
    if (key === this.computedFor) return;
    this.computedFor = key;
    const run = ++this.run;
    if (!this.state.computing) this.publish({ ...this.state, computing: true });
    // Not in the task that finished the load: that one already paints the whole view.
    await new Promise<void>((done) => nextTask(done));
    if (run !== this.run) return;
    const findings: Finding[] = [];
    const errors = this.state.errors.filter((e) => !e.reason.startsWith("cannot run:"));
    let sliceStart = performance.now();
    for (const entry of this.entries) {
      if (!entry.rule.generate) continue;
      await this.columnRowsInSteps(entry);
      if (run !== this.run) return;
      const rows = this.rowsOfEntry(entry);
      if (rows.length > 0)
        findings.push(this.findingOf(entry.rule, entry.source, rows.slice(), ""));
      // A rule over the columns costs a pass over the rows: yield between them.
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((done) => nextTask(done));
        if (run !== this.run) return;
        sliceStart = performance.now();
      }
    }
    await new Promise<void>((done) => nextTask(done));
    if (run !== this.run) return;
    for (const { correlation, source } of this.correlations) {
      // A correlation over most of a million rows takes a while: it runs in slices.
      await new Promise<void>((done) => nextTask(done));
      if (run !== this.run) return;
      const result = await this.correlate(correlation);
      if (run !== this.run) return;
      if (typeof result === "string") {
        errors.push({
          file: correlation.file,
          title: correlation.title,
          reason: `cannot run: ${result}`,
        });
        continue;
      }
      if (result.rows.length === 0) continue;
      findings.push(this.findingOf(correlation, source, result.rows, result.why));
    }
    await new Promise<void>((done) => nextTask(done));
    if (run !== this.run) return;
    const anomalies = await this.anomalyFindings();
    if (run !== this.run) return;
    findings.push(...anomalies);
    const conflicts = conflictFinding(session);
    if (conflicts !== null) findings.push(conflicts);
    await new Promise<void>((done) => nextTask(done));
    if (run !== this.run) return;
    const { list, end } = await this.noveltyFindings(() => run !== this.run);
    if (run !== this.run) return;
    findings.push(...list);
    findings.sort(
      (a, b) =>
        LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
        (a.first || 0) - (b.first || 0) ||
        (a.title < b.title ? -1 : 1),
    );
    this.byId = new Map(findings.map((f) => [f.ruleId, f]));
    this.masks.clear();
    this.version++;
    this.publish({ ...this.state, findings, errors, warmUpEnd: end, computing: false });
  }

  private addRule(rule: SigmaRule, source: "builtin" | "sigma"): RuleEntry {
    const columns = scanTerms(rule.expr).length === 0;
    const entry = { rule, source, index: this.entries.length, columns };
    this.entries.push(entry);
    return entry;
  }

  private publishRuleSet(): void {
    this.session.ruleSet = {
      key: `rules:${this.entries.length}:${this.entries.map((e) => e.rule.id).join(",").length}`,
      // Rules on indexed fields only are left out of the per-record work (none matches nothing).
      exprs: this.entries.map((entry): Expr =>
        entry.columns ? { kind: "none" } : entry.rule.expr,
      ),
    };
  }

  /**
   * The rows a single-event rule matched: from the columns (computed once per store version) or
   * from what the workers found.
   */
  private rowsOfEntry(entry: RuleEntry): Uint32Array {
    const { store, ruleHits } = this.session;
    if (!entry.columns) return ruleHits.rows(entry.index);
    const cached = this.columnRows.get(entry.index);
    if (
      cached !== undefined &&
      cached.version === store.version &&
      cached.clears === this.session.clears
    )
      return cached.rows;
    const rows = maskRows(evaluateQuery(store, entry.rule.expr, () => null));
    this.columnRows.set(entry.index, { version: store.version, clears: this.session.clears, rows });
    return rows;
  }

  /**
   * Puts the rows of a rule on indexed fields where rowsOfEntry finds them, worked out in steps
   * of rows (store/columnRows.ts) when they are not there yet: at ten million rows a rule is a
   * pass over its columns, too long for one task.
   */
  private async columnRowsInSteps(entry: RuleEntry): Promise<void> {
    if (!entry.columns) return;
    const { session } = this;
    const { store, clears } = session;
    const version = store.version;
    const cached = this.columnRows.get(entry.index);
    if (cached !== undefined && cached.version === version && cached.clears === clears) return;
    const steps = columnRowSteps(store, entry.rule.expr);
    if (steps === null) return;
    const rows = await runStepsBudgeted(steps, untilNextTask, SLICE_MS);
    // Kept only when the data did not change while it ran.
    if (store.version === version && session.clears === clears)
      this.columnRows.set(entry.index, { version, clears, rows });
  }

  /**
   * Evaluates rules added after the load: those on indexed fields over the columns, the others
   * in the workers over the files that hold a candidate row (a row the rule's indexed terms
   * allow), with progress.
   */
  private async scanLoaded(added: RuleEntry[], meanwhile: () => Promise<void>): Promise<void> {
    const { session } = this;
    const scanned = added.filter((entry) => !entry.columns);
    if (scanned.length === 0) return meanwhile();
    const { store } = session;
    // One rule's candidates per slice: each is a pass over the rows.
    const candidates: Uint32Array[] = [];
    for (const entry of scanned) {
      await new Promise<void>((done) => nextTask(done));
      candidates.push(
        maskRows(evaluateQuery(store, columnUpperBound(entry.rule.expr), () => null)),
      );
    }
    const wanted = new Uint8Array(session.files.length);
    const fileOf = store.file;
    for (const rows of candidates)
      for (let i = 0; i < rows.length; i++) wanted[fileOf[rows[i]]] = 1;
    const files = session.files.filter(
      (f) => f.outcome?.kind === "events" && wanted[f.index] === 1,
    );
    const found: Uint32Array[][] = scanned.map(() => []);
    if (files.length > 0) {
      const batches = session.reads.batches(files).map((batch) => batch.map((f) => f.index));
      const exprs = scanned.map((entry) => entry.rule.expr);
      // Only the candidate records of a file can match: they are parsed alone where they can be.
      const records = placesOfRows(store, candidates);
      let done = 0;
      this.publish({ ...this.state, scan: { filesDone: 0, filesTotal: files.length } });
      let next = 0;
      let shown = performance.now();
      const lane = async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          // Each file holds a candidate row of some rule: its text is not searched first.
          const answer = await session.reads.matchFiles(batch, exprs, true, records);
          answer.places.forEach((places, k) => found[k].push(places));
          done += batch.length;
          // The progress a few times a second: each one renders the panels that show findings.
          if (performance.now() - shown < PROGRESS_MS) continue;
          shown = performance.now();
          this.publish({ ...this.state, scan: { filesDone: done, filesTotal: files.length } });
        }
      };
      await Promise.all([
        ...Array.from({ length: Math.min(session.reads.lanes, batches.length) }, lane),
        meanwhile(),
      ]);
    } else {
      await meanwhile();
    }
    for (const [k, entry] of scanned.entries()) {
      // A file read for another rule's candidates may hold matches of this rule too: they are
      // matches all the same, and its own candidates bound them.
      const rows = intersectRows(rowListAtPlaces(store, concat(found[k])), candidates[k]);
      session.ruleHits.addRows(entry.index, rows);
    }
    this.publish({ ...this.state, scan: null });
  }

  /** Works out the rows of these rules on indexed fields, one rule per task. */
  private async columnRowsOf(entries: RuleEntry[]): Promise<void> {
    for (const entry of entries) {
      if (!entry.columns || !entry.rule.generate) continue;
      await new Promise<void>((done) => nextTask(done));
      this.rowsOfEntry(entry);
    }
  }

  private findingOf(
    rule: SigmaRule | SigmaCorrelation,
    source: "builtin" | "sigma",
    rows: Uint32Array,
    why: string,
  ): Finding {
    const { first, last } = timeSpan(this.session, rows);
    return {
      ruleId: rule.id,
      title: rule.title,
      description: rule.description,
      level: rule.level,
      tactics: rule.tactics,
      techniques: rule.techniques,
      source: rule.author === BUILTIN_AUTHOR && source === "builtin" ? "builtin" : source,
      rows,
      first,
      last,
      principals: topPrincipals(this.session, rows),
      author: rule.author,
      link: rule.link,
      license: rule.license,
      licenseLink: rule.licenseLink,
      falsepositives: rule.falsepositives,
      why,
    };
  }

  /** The rows of a correlation's matches, or why it cannot run here. */
  private async correlate(
    correlation: SigmaCorrelation,
  ): Promise<{ rows: Uint32Array; why: string } | string> {
    const entries = correlation.rules.map((ref) =>
      this.entries.find((e) => e.rule.id === ref || e.rule.name === ref),
    );
    for (const entry of entries) if (entry !== undefined) await this.columnRowsInSteps(entry);
    const ruleRows = entries.map((entry) =>
      entry === undefined ? new Uint32Array(0) : this.rowsOfEntry(entry),
    );
    // Kept while the data and the rows of its rules are what they were (a later Sigma file
    // leaves the built-in correlations as they are). Rows are only ever added to a rule's list
    // until the data is cleared, so their counts tell whether they changed.
    const key = `${this.dataKey()}:${ruleRows.map((rows) => rows.length).join(",")}`;
    const cached = this.correlated.get(correlation);
    if (cached !== undefined && cached.key === key) return cached.result;
    const result = await this.correlateWith(correlation, ruleRows);
    // Kept only when the data did not change while it ran.
    if (key.startsWith(`${this.dataKey()}:`)) this.correlated.set(correlation, { key, result });
    return result;
  }

  private async correlateWith(
    correlation: SigmaCorrelation,
    ruleRows: Uint32Array[],
  ): Promise<{ rows: Uint32Array; why: string } | string> {
    const { store } = this.session;
    const result = await correlateRowsSliced(store, correlation, ruleRows, untilNextTask);
    if (typeof result === "string") return result;
    const by = correlation.groupBy.length > 0 ? ` by one ${correlation.groupBy.join(" and ")}` : "";
    const bursts = result.matches === 1 ? "burst" : "bursts";
    return {
      rows: result.rows,
      why: `${result.matches} ${bursts} within ${correlation.timespan}${by}`,
    };
  }

  /** The loaded data as the findings derived from it alone depend on it. */
  private dataKey(): string {
    return `${this.session.clears}:${this.session.store.version}`;
  }

  /**
   * The anomalies' findings, made again only when the data or its anomalies changed: a pass over
   * the rows, in slices.
   */
  private async anomalyFindings(): Promise<Finding[]> {
    const result = anomaliesOf(this.session);
    if (result === null) return [];
    const key = this.dataKey();
    const cached = this.anomalyCache;
    if (cached !== null && cached.key === key && cached.result === result) return cached.findings;
    const findings = await runStepsBudgeted(
      anomalyFindingSteps(this.session, result),
      untilNextTask,
      SLICE_MS,
    );
    // Kept only when the data did not change while it ran.
    if (key === this.dataKey()) this.anomalyCache = { key, result, findings };
    return findings;
  }

  /** The first-seen findings, made again only when the data changed. */
  private async noveltyFindings(stale: () => boolean): Promise<{ list: Finding[]; end: number }> {
    const key = this.dataKey();
    if (this.noveltyCache !== null && this.noveltyCache.key === key) return this.noveltyCache;
    const made = await this.noveltyFindingsOf(stale);
    if (!stale()) this.noveltyCache = { key, ...made };
    return made;
  }

  private async noveltyFindingsOf(stale: () => boolean): Promise<{ list: Finding[]; end: number }> {
    const { session } = this;
    const { store } = session;
    const range = store.timeRange();
    if (range === null) return { list: [], end: NaN };
    const end = warmUpEnd(range.min, range.max);
    const flags = new Uint8Array(store.rows);
    const networks = networkIds(store);
    const list: Finding[] = [];
    for (const kind of NOVELTY_KINDS) {
      // Each kind is a walk of every row: in slices, then the page gets a turn.
      await markFirstSeenSliced(store, kind, end, flags, networks, untilNextTask);
      await untilNextTask();
      if (stale()) return { list: [], end };
      const rowArray = bitRows(flags, kind.bit);
      if (rowArray.length === 0) continue;
      const [a, b] = kind.pair;
      list.push(
        ownFinding(session, rowArray, {
          ruleId: kind.id,
          title: kind.title,
          description: `Events whose pair (${a}, ${b}) had not been seen before in the loaded data, after the warm-up that ends ${new Date(end).toISOString()}.`,
          level: "low",
          source: "first-seen",
          falsepositives: ["New work, new staff and new automation are new too."],
          why: `the first time this ${a} was seen with this ${b}`,
        }),
      );
    }
    return { list, end };
  }

  private publish(state: DetectionsState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function includes(sorted: Uint32Array, row: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < row) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === row;
}

/** The query that filters to a finding's events. */
export function findingQuery(ruleId: string): string {
  return `finding:"${ruleId.replace(/["\\]/g, "\\$&")}"`;
}

/** Sigma rule files (`.yml`, `.yaml`) among dropped or picked files: they load as rules. */
export function splitRuleFiles<T extends { name: string }>(files: T[]): { rules: T[]; logs: T[] } {
  const rules: T[] = [];
  const logs: T[] = [];
  for (const file of files) (/\.ya?ml$/i.test(file.name) ? rules : logs).push(file);
  return { rules, logs };
}

/** The setting that turns the built-in pack off (`off`); the benchmark uses it to measure its cost. */
export const BUILTIN_RULES_SETTING = "trailview:builtin-rules";

/** Whether the built-in pack runs: yes unless this browser's setting says `off`. */
export function builtinRulesEnabled(): boolean {
  try {
    return globalThis.localStorage?.getItem(BUILTIN_RULES_SETTING) !== "off";
  } catch {
    return true;
  }
}

/** The rows whose flag byte has `bit`, ascending. */
function bitRows(flags: Uint8Array, bit: number): Uint32Array {
  let count = 0;
  for (let r = 0; r < flags.length; r++) if ((flags[r] & bit) !== 0) count++;
  const rows = new Uint32Array(count);
  for (let r = 0, k = 0; k < count; r++) if ((flags[r] & bit) !== 0) rows[k++] = r;
  return rows;
}
