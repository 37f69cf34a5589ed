// The Web Share API: true where the browser can hand a link to the system's share sheet (phones, some desktops).
export function canShare() {
  return typeof navigator.share === "function";
}

// Opens the share sheet; a person closing it without sharing is not an error.
export async function share(url, title, text) {
  try {
    await navigator.share({ url, title, text: text ?? undefined });
  } catch {
    // AbortError (closed) or NotAllowedError: nothing to tell the person beyond what the sheet showed.
  }
}
