/**
 * What a reload gets. The page strips the token from its address once read (so it does not sit
 * in the history or a screenshot) and keeps it in sessionStorage, which only this tab of this
 * origin can read. A reload arrives without the token, so instead of the app this small page is
 * served: its script (same-origin, as the CSP wants) puts the tab's own token back and reloads to
 * the same place (hash included). A tab without one is told to open the printed URL.
 */
export const TOKEN_STORAGE_KEY = 'persistcert.token';
export const RESUME_SCRIPT_PATH = '/resume-session.js';

export const RESUME_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Reconnecting to PersistCert</title><script src="${RESUME_SCRIPT_PATH}"></script></head>
<body><main><h1>PersistCert</h1><p>Open the full address PersistCert printed when it started (it carries a token).</p></main></body>
</html>
`;

export const RESUME_SCRIPT = `(function () {
  var token = null;
  try { token = sessionStorage.getItem(${JSON.stringify(TOKEN_STORAGE_KEY)}); } catch (e) { token = null; }
  if (token && /^[A-Za-z0-9_-]{16,200}$/.test(token)) location.replace('/?token=' + encodeURIComponent(token) + location.hash);
})();
`;
