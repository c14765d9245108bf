import type { KeyboardEvent, PointerEvent } from "react";

interface Props {
  label: string;
  /** The pane's width now, in px. */
  width: number;
  min: number;
  max: number;
  /** +1: the pane is left of the splitter (dragging right widens it); -1: right of it. */
  side: 1 | -1;
  onResize: (width: number) => void;
  /** A class besides "splitter" (the layout hides some at narrow widths). */
  className?: string;
}

/** A draggable, keyboard-operable border between two panes. */
export function Splitter({ label, width, min, max, side, onResize, className }: Props) {
  const clamp = (value: number) => Math.max(min, Math.min(max, Math.round(value)));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = width;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) =>
      onResize(clamp(startWidth + side * (e.clientX - startX)));
    const up = () => {
      target.removeEventListener("pointermove", move);
      target.removeEventListener("pointerup", up);
    };
    target.addEventListener("pointermove", move);
    target.addEventListener("pointerup", up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 64 : 16;
    if (event.key === "ArrowLeft") onResize(clamp(width - side * step));
    else if (event.key === "ArrowRight") onResize(clamp(width + side * step));
    else return;
    event.preventDefault();
  };
  return (
    <div
      className={className ? `splitter ${className}` : "splitter"}
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
