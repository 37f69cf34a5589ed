// The browser's IANA time zone ("Europe/Berlin"), so the server can write times the way the viewer reads them.
export function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

// Focuses the first element matching the selector, waiting a few frames for it to be rendered (or for a
// closing dialog to leave). Focus never falls to <body> after an action: true when it landed.
export async function focusWhenReady(selector) {
  for (let frame = 0; frame < 60; frame++) {
    const element = document.querySelector(selector);
    if (element) {
      element.focus();
      if (document.activeElement === element) {
        return true;
      }
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return false;
}

// Selects the whole text of an input, so Ctrl+C copies it.
export function selectAll(selector) {
  const input = document.querySelector(selector);
  if (!input) {
    return false;
  }
  input.focus();
  input.select();
  return document.activeElement === input;
}

// Copies the input's value. Where the clipboard is unavailable (no secure context, permission refused),
// selects the text instead so the person can press Ctrl+C; the caller says so on screen.
export async function copyFromInput(selector) {
  const input = document.querySelector(selector);
  if (!input) {
    return false;
  }
  try {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") {
      throw new Error("Clipboard API unavailable");
    }
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    return false;
  }
}
