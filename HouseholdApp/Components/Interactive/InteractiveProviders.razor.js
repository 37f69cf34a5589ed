// The browser's IANA time zone ("Europe/Berlin"), so the server can write times the way the viewer reads them.
export function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

// Waits (up to 5 s) for an element to be rendered: the content of a MudDialog renders in a later batch than
// the component that asked for it.
async function whenRendered(selector) {
  const deadline = performance.now() + 5000;
  for (;;) {
    const element = document.querySelector(selector);
    if (element || performance.now() > deadline) {
      return element;
    }
    await nextFrame();
  }
}

// Focuses the first element matching the selector, so focus never falls to <body> after an action; true when it
// landed. With afterDialogs, first waits for open dialogs to leave: MudBlazor's focus trap gives focus back to
// whatever had it when the dialog opened as it goes, and that element may be gone by then.
export async function focusWhenReady(selector, afterDialogs) {
  const deadline = performance.now() + 5000;
  while (afterDialogs && document.querySelector(".mud-dialog-container") && performance.now() < deadline) {
    await nextFrame();
  }
  const element = await whenRendered(selector);
  if (!element) {
    return false;
  }
  element.focus();
  return document.activeElement === element;
}

// Focuses an input and selects its whole text, so Ctrl+C copies it.
export async function selectAll(selector) {
  const input = await whenRendered(selector);
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
