import { useEffect } from "react";
import type { UserWork } from "../../state/userWork";

/**
 * Tells `work` of each key or pointer press in the page, so that background work (the integrity
 * check's reads) steps aside while the user clicks and types.
 */
export function useNoteInput(work: UserWork): void {
  useEffect(() => {
    const note = () => work.noteInput();
    const options = { capture: true, passive: true };
    window.addEventListener("pointerdown", note, options);
    window.addEventListener("keydown", note, options);
    return () => {
      window.removeEventListener("pointerdown", note, options);
      window.removeEventListener("keydown", note, options);
    };
  }, [work]);
}
