import { useState } from "react";
import { DICT_FIELDS, type DictField } from "../../ingest/chunk";
import { fieldLabel } from "../facets/fields";

interface Props {
  fields: readonly DictField[];
  onChange: (fields: DictField[]) => void;
}

/** Which fields the table shows; the time column is always there. */
export function ColumnChooser({ fields, onChange }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <div className="column-chooser">
      <button
        type="button"
        data-testid="choose-columns"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Columns…
      </button>
      {open ? (
        <fieldset
          className="column-menu"
          data-testid="column-menu"
          onKeyDown={(event) => {
            if (event.key === "Escape") setOpen(false);
          }}
        >
          <legend>Columns</legend>
          {DICT_FIELDS.map((field) => (
            <label key={field}>
              <input
                type="checkbox"
                data-testid="column-toggle"
                data-field={field}
                checked={fields.includes(field)}
                onChange={(event) =>
                  onChange(
                    event.target.checked ? [...fields, field] : fields.filter((f) => f !== field),
                  )
                }
              />
              {fieldLabel(field)}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
