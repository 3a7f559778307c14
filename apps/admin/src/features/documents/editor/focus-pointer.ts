import { parsePointer, toPointer } from '@policy/schemas';

/**
 * Scrolls to and focuses the form element that shows a JSON pointer, or its nearest shown ancestor
 * (rjsf fields have id `pf:<pointer>`, purpose-built widgets mark elements with `data-pointer`).
 * Returns false when nothing more specific than the whole document is shown.
 */
export function focusPointer(container: HTMLElement, pointer: string): boolean {
  let segs = parsePointer(pointer);
  while (segs.length > 0) {
    const p = toPointer(segs);
    const byId = container.ownerDocument.getElementById(`pf:${p}`);
    const el =
      (byId && container.contains(byId) ? byId : null) ??
      container.querySelector<HTMLElement>(`[data-pointer="${CSS.escape(p)}"]`);
    if (el) {
      el.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      const target = el.matches('input,textarea,select,button,[tabindex]')
        ? el
        : el.querySelector<HTMLElement>(
            'input:not([type=hidden]),textarea,select,button,[tabindex]:not([tabindex="-1"])',
          );
      target?.focus({ preventScroll: true });
      const flash = el.closest('tr') ?? el;
      flash.classList.remove('pointer-flash');
      void (flash as HTMLElement).offsetWidth; // restart the animation
      flash.classList.add('pointer-flash');
      return true;
    }
    segs = segs.slice(0, -1);
  }
  return false;
}
