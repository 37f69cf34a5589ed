// Tells the server the browser's IANA time zone ("Pacific/Auckland") in a cookie, so that pages rendered on the server
// write times the way the viewer reads them, from the next page on. Written only when it changed; read by the server
// (TimeZonePreference), which checks it against the zones it knows.
const cookie = "HouseholdApp.TimeZone";

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const zone = browserZone();
const told = document.cookie.split("; ").find((c) => c.startsWith(`${cookie}=`))?.slice(cookie.length + 1);
if (zone && /^[A-Za-z0-9_+\/-]{1,64}$/.test(zone) && told !== zone) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${cookie}=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
}
