// Loaded only while the theme follows the system, for browsers that send no Sec-CH-Prefers-Color-Scheme hint: tells
// the server the system's mode in a cookie, and reloads once if this page was rendered in the other mode.
const cookie = "HouseholdApp.SystemTheme";
const query = matchMedia("(prefers-color-scheme: dark)");
const form = document.querySelector("[data-test=theme-toggle]");

const modeOf = (dark) => (dark ? "dark" : "light");
const told = document.cookie.split("; ").find((c) => c.startsWith(`${cookie}=`))?.split("=")[1];

function remember(dark) {
  document.cookie = `${cookie}=${modeOf(dark)}; path=/; max-age=31536000; samesite=lax`;
}

remember(query.matches);
const rendered = form?.dataset.dark === "true";
// Reload only when the server did not know yet; if it knew and still disagrees (cookies off), stay: no loop.
if (form && rendered !== query.matches && told !== modeOf(query.matches)) {
  location.reload();
}

// A later switch of the system applies from the next page on: reloading here could lose what the person typed.
query.addEventListener("change", (event) => remember(event.matches));
