/** What the page says before anything is loaded: what it reads, and the demo data. */
export function Welcome({ onDemo, demoBusy }: { onDemo: () => void; demoBusy: boolean }) {
  return (
    <div className="welcome">
      <h2>Drop CloudTrail logs anywhere on this page</h2>
      <p>
        Files or whole folders (<code>AWSLogs/…</code>): <code>.json.gz</code> as delivered to S3,
        plain JSON, NDJSON, <code>lookup-events</code> output or EventBridge events. They are read
        here, in your browser; nothing is uploaded.
      </p>
      <p>
        No logs at hand?{" "}
        <button type="button" onClick={onDemo} disabled={demoBusy}>
          Load demo data
        </button>
      </p>
    </div>
  );
}
