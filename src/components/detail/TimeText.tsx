import { formatTime, zoneLabel } from "../../lib/format";
import type { ViewState } from "../../state/viewState";

/** An event's time in the chosen zone, with the zone's name; "no time" for a record without one. */
export function TimeText({ ms, timeZone }: { ms: number; timeZone: ViewState["timeZone"] }) {
  if (Number.isNaN(ms)) return <span className="empty-value">no time</span>;
  return (
    <span className="detail-time">
      {formatTime(ms, timeZone)} <span className="detail-zone">{zoneLabel(timeZone, ms)}</span>
    </span>
  );
}
