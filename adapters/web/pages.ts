import { readFileSync } from "node:fs";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * Where a sign-in may send one back to (`next`): the playground or the dashboard, never an address given from outside.
 * Anything else is the dashboard.
 */
export function afterSignIn(next: unknown): "/" | "/admin" {
  return next === "/" ? "/" : "/admin";
}

/**
 * The admin login form (works without JavaScript); `error` is shown next to the token field; `next` is where a sign-in
 * goes (see afterSignIn).
 */
export function loginPage(error: string | null, next: "/" | "/admin" = "/admin"): string {
  const err = error ? `<p class="field-error" id="token-error" role="alert">${escapeHtml(error)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Knowhow admin</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/styles.css">
</head>
<body>
<main class="narrow">
  <h1>Knowhow admin</h1>
  <form method="post" action="/admin/login${next === "/" ? "?next=/" : ""}" class="card" novalidate>
    <div class="field${error ? " has-error" : ""}">
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required${error ? ' aria-invalid="true" aria-describedby="token-error"' : ""} autofocus>
      ${err}
    </div>
    ${next === "/" ? '<input type="hidden" name="next" value="/">\n    ' : ""}<button type="submit" class="primary">Sign in</button>
  </form>
</main>
</body>
</html>`;
}

/**
 * The dashboard's page (`admin.html`) as served: without the playground (admin-only mode, where `/` is 404) it links
 * only to what exists, and without a token (nobody signs in) it has no sign-out.
 */
export function dashboardPage(file: string, playground: boolean, signedIn: boolean): string {
  let html = readFileSync(file, "utf8");
  if (!playground) html = html.replace(/<a [^>]*data-playground-only[^>]*>[^<]*<\/a>/g, "");
  return signedIn ? html : withoutSignOut(html);
}

/** The playground's page (`index.html`) as served: without a token (nobody signs in) it has no sign-out. */
export function playgroundPage(file: string, signedIn: boolean): string {
  const html = readFileSync(file, "utf8");
  return signedIn ? html : withoutSignOut(html);
}

function withoutSignOut(html: string): string {
  return html.replace(/<form [^>]*data-signed-in-only[^>]*>[\s\S]*?<\/form>/g, "");
}
