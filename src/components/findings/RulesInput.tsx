import type { ChangeEvent } from "react";
import type { Detections } from "../../state/detections";

/** Loads Sigma rule files (`.yml` / `.yaml`, several at once); they run over the loaded events. */
export function RulesInput({ detections }: { detections: Detections }) {
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files ? Array.from(event.target.files) : [];
    event.target.value = "";
    void Promise.all(
      picked.map(async (file) => ({ name: file.name, text: await file.text() })),
    ).then((files) => detections.addSigma(files));
  };
  return (
    <label
      className="button"
      title="Load Sigma detection rules (.yml, .yaml) to run over the events"
    >
      Sigma rules…
      <input
        type="file"
        multiple
        accept=".yml,.yaml"
        className="visually-hidden"
        data-testid="rules-input"
        onChange={pick}
      />
    </label>
  );
}
