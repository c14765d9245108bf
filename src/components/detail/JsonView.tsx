import { useState, type ReactNode } from "react";
import { escapeHidden } from "../../lib/visible";
import { MAX_TREE_DEPTH } from "./recordView";

/** Children of an object or array listed before a "show more" button. */
const CHILD_CAP = 200;

// Log text is attacker-controlled: printed as a JSON literal, control characters and lone
// surrogates show as escapes (JSON.stringify writes them so), and so do the other hidden
// characters (bidirectional overrides, which can make `evil.com` read as `moc.live`, zero-width
// ones); a long run of combining marks shows as a marker saying how long it is.
function literal(text: string): string {
  return escapeHidden(JSON.stringify(text));
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

/** A record as a collapsible tree; every key and value is rendered as text. */
export function JsonView({ value }: { value: unknown }) {
  // Expand/collapse all remounts the tree with a new default depth.
  const [mode, setMode] = useState({ depth: 2, generation: 0 });
  return (
    <div className="json-view">
      <div className="json-tools">
        <button
          type="button"
          className="link-button"
          onClick={() => setMode((m) => ({ depth: Infinity, generation: m.generation + 1 }))}
        >
          Expand all
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => setMode((m) => ({ depth: 1, generation: m.generation + 1 }))}
        >
          Collapse all
        </button>
      </div>
      <div className="json-tree mono">
        <JsonNode
          key={mode.generation}
          name={null}
          value={value}
          depth={0}
          openBelow={mode.depth}
          last
        />
      </div>
    </div>
  );
}

interface NodeProps {
  /** The key in the parent object; null in an array or at the root. */
  name: string | null;
  value: unknown;
  depth: number;
  /** Containers shallower than this start open. */
  openBelow: number;
  last: boolean;
}

function JsonNode({ name, value, depth, openBelow, last }: NodeProps) {
  const label =
    name === null ? null : (
      <>
        <span className="json-key">{literal(name)}</span>
        <span className="json-punct">: </span>
      </>
    );
  const comma = last ? null : <span className="json-punct">,</span>;
  if (!isContainer(value)) {
    return (
      <div className="json-line">
        {label}
        <Primitive value={value} />
        {comma}
      </div>
    );
  }
  return (
    <JsonContainer label={label} comma={comma} value={value} depth={depth} openBelow={openBelow} />
  );
}

function JsonContainer({
  label,
  comma,
  value,
  depth,
  openBelow,
}: {
  label: ReactNode;
  comma: ReactNode;
  value: Record<string, unknown> | unknown[];
  depth: number;
  openBelow: number;
}) {
  const [open, setOpen] = useState(depth < openBelow);
  const [shown, setShown] = useState(CHILD_CAP);
  const array = Array.isArray(value);
  const entries: [string | null, unknown][] = array
    ? value.map((item) => [null, item])
    : Object.entries(value);
  const [start, end] = array ? ["[", "]"] : ["{", "}"];
  const size = entries.length;
  // A record nested thousands deep would take as many nested elements: the tree stops here.
  if (depth >= MAX_TREE_DEPTH && size > 0) {
    return (
      <div className="json-line">
        {label}
        <span className="json-punct">{`${start}…${end}`}</span>
        {comma}{" "}
        <span className="json-deeper" data-testid="json-deeper">
          …deeper levels not shown
        </span>
      </div>
    );
  }
  if (size === 0) {
    return (
      <div className="json-line">
        {label}
        <span className="json-punct">{`${start}${end}`}</span>
        {comma}
      </div>
    );
  }
  const toggle = (
    <button
      type="button"
      className="json-toggle"
      aria-expanded={open}
      aria-label={open ? "Collapse" : "Expand"}
      onClick={() => setOpen(!open)}
    >
      {open ? "▾" : "▸"}
    </button>
  );
  if (!open) {
    return (
      <div className="json-line">
        {toggle}
        {label}
        <button type="button" className="json-summary" onClick={() => setOpen(true)}>
          {`${start}…${end}`} {size}{" "}
          {array ? (size === 1 ? "item" : "items") : size === 1 ? "key" : "keys"}
        </button>
        {comma}
      </div>
    );
  }
  return (
    <div className="json-block">
      <div className="json-line">
        {toggle}
        {label}
        <span className="json-punct">{start}</span>
      </div>
      <div className="json-children">
        {entries.slice(0, shown).map(([key, item], i) => (
          <JsonNode
            key={key ?? i}
            name={key}
            value={item}
            depth={depth + 1}
            openBelow={openBelow}
            last={i === size - 1}
          />
        ))}
        {shown < size ? (
          <button type="button" className="link-button" onClick={() => setShown(size)}>
            Show {size - shown} more
          </button>
        ) : null}
      </div>
      <div className="json-line">
        <span className="json-punct">{end}</span>
        {comma}
      </div>
    </div>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="json-string">{literal(value)}</span>;
  if (typeof value === "number") return <span className="json-number">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="json-boolean">{String(value)}</span>;
  return <span className="json-null">null</span>;
}
