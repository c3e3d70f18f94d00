/**
 * The workbench's keyboard map: one table read by the key handler and by the shortcut help, so
 * what the screen says is what the keys do. Single keys without modifiers (browser and system
 * shortcuts stay untouched); ignored while the user types in a field, except Escape.
 */
export type WorkbenchCommand =
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'open'
  | 'dispatch'
  | 'merge'
  | 'supervise'
  | 'extension'
  | 'select'
  | 'search'
  | 'refresh'
  | 'help'
  | 'close';

export const workbenchKeys: readonly { command: WorkbenchCommand; keys: readonly string[]; label: readonly string[] }[] = [
  { command: 'next', keys: ['j', 'ArrowDown'], label: ['J', '↓'] },
  { command: 'prev', keys: ['k', 'ArrowUp'], label: ['K', '↑'] },
  { command: 'first', keys: ['g', 'Home'], label: ['G', 'Home'] },
  { command: 'last', keys: ['G', 'End'], label: ['Shift+G', 'End'] },
  { command: 'open', keys: ['Enter', 'o'], label: ['Enter', 'O'] },
  { command: 'dispatch', keys: ['d'], label: ['D'] },
  { command: 'merge', keys: ['m'], label: ['M'] },
  { command: 'supervise', keys: ['s'], label: ['S'] },
  { command: 'extension', keys: ['e'], label: ['E'] },
  { command: 'select', keys: ['x', ' '], label: ['X', 'Space'] },
  { command: 'search', keys: ['/'], label: ['/'] },
  { command: 'refresh', keys: ['r'], label: ['R'] },
  { command: 'help', keys: ['?'], label: ['?'] },
  { command: 'close', keys: ['Escape'], label: ['Esc'] },
];

const byKey = new Map<string, WorkbenchCommand>(workbenchKeys.flatMap((k) => k.keys.map((key) => [key, k.command] as const)));

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The command for a key press, or null. `typing`: the focus is in a text field, a select or an editable element. */
export function commandFor(e: KeyLike, typing: boolean): WorkbenchCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const command = byKey.get(e.key) ?? byKey.get(e.key.length === 1 && e.key !== 'G' ? e.key.toLowerCase() : e.key) ?? null;
  if (typing && command !== 'close') return null;
  return command;
}

/** Whether an element takes typed text (where single-key shortcuts must not fire). */
export function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}

/** The next index when moving through a list of `length` items (clamped, no wrap). */
export function move(index: number, length: number, command: WorkbenchCommand): number {
  if (length === 0) return -1;
  const clamp = (i: number) => Math.max(0, Math.min(length - 1, i));
  switch (command) {
    case 'next':
      return clamp(index + 1);
    case 'prev':
      return clamp(index - 1);
    case 'first':
      return 0;
    case 'last':
      return length - 1;
    default:
      return clamp(index);
  }
}
