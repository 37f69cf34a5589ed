// Behaviours of the owner's invites panel that need the browser: the clipboard and the dialog's focus.
// A module file rather than inline script, because the Content-Security-Policy forbids inline script.

const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

// Copies the input's value. Where the clipboard is unavailable (no secure context, permission refused),
// selects the text instead so the person can press Ctrl+C; the caller says so on screen.
export async function copyFromInput(id) {
  const input = document.getElementById(id);
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

// Focuses the element with this id; false when it is not (yet) in the page.
export function focusById(id) {
  const element = document.getElementById(id);
  if (!element) {
    return false;
  }
  element.focus();
  return document.activeElement === element;
}

// Opens a modal: remembers what had focus, moves focus into the dialog ([data-autofocus] or the dialog itself),
// keeps Tab inside it, asks .NET to close on Escape, stops the page behind it scrolling.
// Escape is handled here rather than with a Blazor keydown handler so typing does not cost a round trip per key.
// Returns a handle whose close() undoes all of that and gives focus back to where it was.
export function openModal(dialog, dotNet) {
  const previouslyFocused = document.activeElement;
  const onKeyDown = (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dotNet.invokeMethodAsync("RequestClose");
      return;
    }
    if (event.key !== "Tab") {
      return;
    }
    const focusable = Array.from(dialog.querySelectorAll(focusableSelector)).filter((el) => el.offsetParent !== null);
    if (focusable.length === 0) {
      event.preventDefault();
      return;
    }
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  };
  document.addEventListener("keydown", onKeyDown);
  document.body.classList.add("modal-open");
  const madeInert = makeRestOfPageInert(dialog);
  const initial = dialog.querySelector("[data-autofocus]") || dialog;
  initial.focus();
  return {
    close() {
      document.removeEventListener("keydown", onKeyDown);
      document.body.classList.remove("modal-open");
      for (const element of madeInert) {
        element.inert = false;
      }
      if (previouslyFocused instanceof HTMLElement && previouslyFocused.isConnected) {
        previouslyFocused.focus();
      }
    },
  };
}

// Everything outside the dialog becomes inert while it is open: not clickable, not focusable, hidden from
// assistive technology — what aria-modal promises. Blazor's reconnect and error UI stay usable.
function makeRestOfPageInert(dialog) {
  const changed = [];
  for (let node = dialog; node && node !== document.body; node = node.parentElement) {
    const parent = node.parentElement;
    if (!parent) {
      break;
    }
    for (const sibling of parent.children) {
      if (sibling === node || sibling.inert || sibling.tagName === "SCRIPT" || sibling.classList.contains("modal-backdrop")) {
        continue;
      }
      if (sibling.id === "components-reconnect-modal" || sibling.id === "blazor-error-ui") {
        continue;
      }
      sibling.inert = true;
      changed.push(sibling);
    }
  }
  return changed;
}
