/**
 * Presence colours, shared by the server (which stamps them on awareness states) and the web app
 * (avatars, carets). Each has at least 4.5:1 contrast with white text (WCAG AA), so a caret's
 * name label stays readable; hex, as editors (Tiptap's caret) expect.
 */
export const PRESENCE_COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#a21caf', '#9a3412', '#0f766e', '#4338ca', '#be123c', '#4d7c0f', '#0e7490', '#6d28d9'] as const;

/** The same colour for a user everywhere. */
export function presenceColour(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLOURS[hash % PRESENCE_COLOURS.length]!;
}
