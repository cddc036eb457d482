/**
 * The grid's own right-click menu (ag-grid's is Enterprise-only). Opens at the pointer, or
 * at the focused cell for the keyboard (the ContextMenu key or Shift+F10), and is driven
 * like a native menu: ↑/↓ move, Enter picks, Esc closes and returns focus to the grid.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  /** Shortcut shown on the right, e.g. "E". */
  hint?: string;
  disabled?: boolean;
  onSelect: () => void;
}

export interface CellMenuProps {
  x: number;
  y: number;
  title?: string;
  items: readonly (MenuItem | 'separator')[];
  /** `restoreFocus`: the menu was dismissed from the keyboard and focus should go back. */
  onClose: (restoreFocus: boolean) => void;
}

const MARGIN_PX = 6;

export function CellMenu({ x, y, title, items, onClose }: CellMenuProps) {
  const ref = useRef<HTMLDivElement | null>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const left = Math.min(x, window.innerWidth - el.offsetWidth - MARGIN_PX);
    const top = y + el.offsetHeight + MARGIN_PX > window.innerHeight ? Math.max(MARGIN_PX, y - el.offsetHeight) : y;
    el.style.left = `${Math.max(MARGIN_PX, left)}px`;
    el.style.top = `${top}px`;
    el.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
  }, [x, y]);

  useEffect(() => {
    const away = (e: Event) => {
      if (e.target instanceof Node && !ref.current?.contains(e.target)) onCloseRef.current(false);
    };
    const blur = () => onCloseRef.current(false);
    document.addEventListener('pointerdown', away, true);
    window.addEventListener('scroll', away, true);
    window.addEventListener('blur', blur);
    return () => {
      document.removeEventListener('pointerdown', away, true);
      window.removeEventListener('scroll', away, true);
      window.removeEventListener('blur', blur);
    };
  }, []);

  /** Close first (focus back to the grid), then act: an action that opens something takes focus from there. */
  const pick = (it: MenuItem) => {
    if (it.disabled) return;
    onClose(true);
    it.onSelect();
  };

  const move = (dir: 1 | -1) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([aria-disabled=true])') ?? [])];
    if (all.length === 0) return;
    const i = all.indexOf(document.activeElement as HTMLElement);
    all[(i + dir + all.length) % all.length]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose(true);
    else {
      // A shortcut letter picks its item, as it would in the grid.
      const hit = items.find((it): it is MenuItem => it !== 'separator' && !it.disabled && it.hint?.toLowerCase() === e.key.toLowerCase());
      if (!hit) return;
      pick(hit);
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div ref={ref} className="cell-menu" role="menu" aria-label={title ?? 'Cell actions'} data-testid="cell-menu" onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()}>
      {title ? <div className="cell-menu-title">{title}</div> : null}
      {items.map((it, i) =>
        it === 'separator' ? (
          <div key={`sep-${i}`} className="cell-menu-sep" role="separator" />
        ) : (
          <div
            key={it.id}
            role="menuitem"
            tabIndex={-1}
            aria-disabled={it.disabled ? true : undefined}
            className="cell-menu-item"
            data-testid={`menu-${it.id}`}
            onClick={() => pick(it)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                e.stopPropagation();
                pick(it);
              }
            }}
          >
            <span>{it.label}</span>
            {it.hint ? <kbd>{it.hint}</kbd> : null}
          </div>
        ),
      )}
    </div>
  );
}
