// Loaded only while the theme follows the system, for browsers that send no Sec-CH-Prefers-Color-Scheme hint: tells
// the server the system's mode in a cookie, and reloads once if this page was rendered in the other mode.
const cookie = "HouseholdApp.SystemTheme";
const query = matchMedia("(prefers-color-scheme: dark)");
const form = document.querySelector("[data-test=theme-toggle]");

function remember(dark) {
  document.cookie = `${cookie}=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
}

remember(query.matches);
const rendered = form?.dataset.dark === "true";
const reloadedKey = "HouseholdApp.SystemThemeReloaded";
if (form && rendered !== query.matches && !sessionStorage.getItem(reloadedKey)) {
  // Once per tab: if the server still disagrees (cookies off), stay rather than reload forever.
  sessionStorage.setItem(reloadedKey, "1");
  location.reload();
}

// A later switch of the system applies from the next page on: reloading here could lose what the person typed.
query.addEventListener("change", (event) => remember(event.matches));
