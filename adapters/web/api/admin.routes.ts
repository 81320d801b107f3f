import { shareableQuestion } from "../../../src/core/domain/request.js";
import express, { type RequestHandler, type Router } from "express";
import { z } from "zod";
import { UserError } from "../../../src/core/errors.js";
import { isCommunityId } from "../../../src/core/ids.js";
import { adminCookie, ADMIN_COOKIE, requireAdminApi, type AdminGate } from "../auth.js";
import type { WebContext } from "../context.js";
import { DashboardCache } from "../dashboard/cache.js";
import { dashboardData, type DashboardData } from "../dashboard/data.js";
import { bodyRefusal, parseInput, readCookie, route } from "../http-utils.js";
import { afterSignIn, loginPage } from "../pages.js";

/** Shown next to the dashboard's “Period (days)”. */
const PERIOD = "The period is a whole number of days from 1 to 365.";
const DashboardQuery = z.object({
  community: z.string().max(200),
  days: z.coerce.number({ message: PERIOD }).int({ message: PERIOD }).min(1, { message: PERIOD }).max(365, { message: PERIOD }).default(30),
  weeks: z.coerce.number().int().min(1).max(52).default(8),
});
const CandidatesQuery = z.object({ community: z.string().max(200), limit: z.coerce.number().int().min(1).max(20).default(8) });
const LoginBody = z.object({ token: z.string().max(1000).default(""), next: z.string().max(200).optional() });

/** Known communities only: the dashboard never reads a community the store has not seen. */
async function requireCommunity(ctx: WebContext, id: string): Promise<string> {
  if (!isCommunityId(id) || !(await ctx.core.deps.store.getCommunity(id))) throw new UserError("not_found", `Unknown community “${id.slice(0, 60)}”.`, "community");
  return id;
}

/**
 * The admin dashboard: the page (`/admin`), its login form, and its JSON API (`/api/admin/*`).
 * `page` is the dashboard's HTML (served only to admins); `gate` checks the token and limits wrong guesses.
 */
export function mountAdminRoutes(r: Router, ctx: WebContext, gate: AdminGate, page: string): void {
  const { access } = gate;
  const parseForm = express.urlencoded({ extended: false, limit: "4kb" });
  // The login form is a page, not the API: a body the parser refuses (a pasted novel as the token) shows the form again.
  const form: RequestHandler = (req, res, next) => {
    parseForm(req, res, (err?: unknown) => {
      const refused = err ? bodyRefusal(err) : null;
      if (!refused) return next(err);
      ctx.logger.info({ type: refused.type, status: refused.status }, "admin login body refused");
      res.status(refused.status).type("html").send(loginPage(refused.message));
    });
  };

  r.get("/admin", gate.limit, (req, res) => {
    if (access.kind === "off") {
      res.status(404).type("text/plain").send("The admin dashboard is off. Set ADMIN_TOKEN to turn it on.");
      return;
    }
    const v = gate.check(req, res);
    if (v === "refused") return;
    if (v === "denied") {
      res.redirect(303, "/admin/login");
      return;
    }
    res.type("html").send(page);
  });

  r.get("/admin/login", gate.limit, (req, res) => {
    if (access.kind !== "token") {
      res.redirect(303, "/admin");
      return;
    }
    // Someone already signed in goes on to where they were going. The check counts a wrong credential as any page does
    // (else this page would tell a guessed cookie or token apart for free); a wrong cookie is cleared with the form, so
    // a stale one is not counted again at every visit.
    const v = gate.check(req, res);
    if (v === "refused") return;
    if (v === "admin") {
      res.redirect(303, afterSignIn(req.query.next));
      return;
    }
    if (readCookie(req, ADMIN_COOKIE)) res.setHeader("Set-Cookie", `${ADMIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.type("html").send(loginPage(null, afterSignIn(req.query.next)));
  });

  r.post("/admin/login", gate.signInAttempt, gate.limit, form, (req, res) => {
    if (access.kind !== "token") {
      res.redirect(303, "/admin");
      return;
    }
    const { token, next } = parseInput(LoginBody, req.body);
    const v = gate.signIn(req, res, token);
    if (v === "refused") return;
    if (v === "denied") {
      res.status(401).type("html").send(loginPage(token ? "That token is not right." : "Enter the admin token.", afterSignIn(next)));
      return;
    }
    res.setHeader("Set-Cookie", adminCookie(access, gate.secure(req), Date.now()));
    res.redirect(303, afterSignIn(next));
  });

  r.post("/admin/logout", (_req, res) => {
    res.setHeader("Set-Cookie", `${ADMIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.redirect(303, "/admin/login");
  });

  const api = express.Router();
  api.use(gate.limit, requireAdminApi(gate));
  const dashboards = new DashboardCache<DashboardData>();

  api.get("/communities", route(async (_req, res) => {
    const ids = await ctx.core.deps.store.listCommunityIds();
    const communities = await Promise.all(ids.map(async (id) => ({ id, name: (await ctx.core.deps.store.getCommunity(id))?.name ?? id })));
    res.json({ communities: communities.sort((a, b) => a.name.localeCompare(b.name)) });
  }));

  api.get("/dashboard", route(async (req, res) => {
    const q = parseInput(DashboardQuery, req.query);
    const id = await requireCommunity(ctx, q.community);
    res.json(await dashboards.get(`${id}|${q.days}|${q.weeks}`, () => dashboardData(ctx.core, id, { days: q.days, weeks: q.weeks })));
  }));

  // "Why these candidates?": the snapshot ranked at ask time, and a fresh ranking with every signal.
  api.get("/questions/:id/candidates", route(async (req, res) => {
    const q = parseInput(CandidatesQuery, req.query);
    const id = await requireCommunity(ctx, q.community);
    const request = await ctx.core.deps.store.getRequest(String(req.params.id));
    if (!request || request.communityId !== id) throw new UserError("not_found", "No such question in this community.", "question");
    // Who a private question went to, and why, tells what it was about: none of it is shown.
    if (request.origin.isPrivate) {
      res.json({ request: { id: request.id, question: shareableQuestion(request), state: request.state, topics: [], unmatched: request.unmatched, createdAt: request.createdAt, private: true }, atAskTime: [], now: null });
      return;
    }
    const ranked = await ctx.core.asks.preview(id, request.question, request.askerId, q.limit);
    const people = await ctx.core.deps.store.getMembers(request.candidates.map((c) => c.memberId));
    const names = new Map(people.map((m) => [m.id, m.displayName]));
    res.json({
      request: { id: request.id, question: shareableQuestion(request), state: request.state, topics: request.topics, unmatched: request.unmatched, createdAt: request.createdAt, private: false },
      atAskTime: request.candidates.map((c) => ({ ...c, displayName: names.get(c.memberId) ?? "someone who left" })),
      now: ranked,
    });
  }));

  r.use("/api/admin", api);
}
