import { z } from "zod";

/**
 * The only place that reads the environment. `loadConfig(process.env)` validates it into a typed object
 * and throws a ConfigError naming every bad variable and what is wrong with it.
 */
const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s === undefined || s === "" ? undefined : s));

const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (s) => {
      if (s === undefined) return true;
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
  );

const prefixed = (prefix: string, what: string) =>
  optionalString.refine((s) => s === undefined || s.startsWith(prefix), { message: `must be a ${what} starting with "${prefix}"` });

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["true", "1", "yes"].includes(v)));

/** A whole number from `min` to `max`; an empty value is unset (the default), not 0. Each check says what is wrong. */
const wholeNumber = (min: number, max: number, fallback: number) => z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.coerce.number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(fallback),
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: wholeNumber(0, 65535, 3000),
  HOST: optionalString,
  DATA_DIR: z.string().trim().min(1).default("./data"),
  MONGODB_URI: optionalUrl(["mongodb:", "mongodb+srv:"]),

  SLACK_BOT_TOKEN: prefixed("xoxb-", "bot token"),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: prefixed("xapp-", "app-level token"),
  SLACK_API_URL: optionalUrl(["http:", "https:"]),

  DISCORD_TOKEN: optionalString,
  DISCORD_API_URL: optionalUrl(["http:", "https:"]),
  DISCORD_REGISTER_COMMANDS: boolish,
  DISCORD_MESSAGE_CONTENT: boolish,

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl(["http:", "https:"]),
  OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
  OPENAI_EMBEDDING_DIMENSIONS: optionalString
    .refine((s) => s === undefined || /^\d+$/.test(s), { message: "must be a whole number of dimensions, e.g. 512" })
    .transform((s) => (s === undefined ? undefined : Number(s)))
    .pipe(z.number().min(16, { message: "must be at least 16" }).max(4096, { message: "must be at most 4096" }).optional()),
  OPENAI_CHAT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_TIMEOUT_MS: wholeNumber(1, 600_000, 10_000),

  WORD_VECTORS: z.enum(["on", "off"]).default("on"),
  JOBS: z.enum(["on", "off"]).default("on"),
  // An empty value is unset (the default), not 0 (off).
  CHANGES_POLL_SECONDS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ message: "must be a number of seconds" }).min(0, { message: "must be 0 (off) or more" }).max(3600, { message: "must be at most 3600" })
      // A tiny interval (a typo such as 0.0004) would round to 0 ms and silently turn the feed off.
      .refine((v) => v === 0 || v >= 0.1, { message: "must be 0 (off) or at least 0.1 (seconds between reads)" }).default(5),
  ),
  ADMIN_TOKEN: optionalString,
  // off (default) | on (one proxy) | how many proxies are in front, 1 to 10. An empty value is unset (off).
  TRUST_PROXY: optionalString
    .transform((s) => s?.toLowerCase())
    .refine((s) => s === undefined || s === "off" || s === "on" || /^(?:[0-9]|10)$/.test(s), {
      message: "must be off, on (one reverse proxy in front) or how many proxies are in front, 0 to 10",
    })
    .transform((s) => (s === undefined || s === "off" ? 0 : s === "on" ? 1 : Number(s))),
  PLAYGROUND: z.enum(["auto", "on", "off"]).default("auto"),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env["NODE_ENV"];
  logLevel: Env["LOG_LEVEL"];
  http: { port: number; host: string };
  dataDir: string;
  store: { kind: "sqlite"; file: string } | { kind: "mongo"; uri: string };
  slack: null | {
    botToken: string;
    signingSecret: string | null;
    appToken: string | null;
    apiUrl: string | null;
    mode: "socket" | "http";
  };
  discord: null | { token: string; apiUrl: string | null; registerCommands: boolean; messageContent: boolean };
  openai: null | { apiKey: string; baseUrl: string | null; embeddingModel: string; embeddingDimensions: number | null; chatModel: string; timeoutMs: number };
  wordVectors: boolean;
  jobs: boolean;
  /** How often the service reads the store's changes made by other processes (ms); 0: never. */
  changesPollMs: number;
  adminToken: string | null;
  /**
   * TRUST_PROXY: how many reverse proxies in front are trusted to say who the client is (X-Forwarded-For: the admin
   * sign-in limit counts per client) and whether it came over HTTPS (X-Forwarded-Proto); 0: none (the socket's address).
   */
  trustedProxies: number;
  playground: boolean;
  /** Settings that work but are unwise (a short ADMIN_TOKEN): logged at warn when the service starts. */
  warnings: string[];
}

/** Shorter admin tokens are warned about: the dashboard is reachable from the network with nothing else in the way. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates the environment into a Config; throws ConfigError listing each variable and its problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];

  let slack: Config["slack"] = null;
  if (e.SLACK_BOT_TOKEN) {
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
      problems.push("SLACK_SIGNING_SECRET: required for HTTP mode when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)");
    }
    slack = {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken: e.SLACK_APP_TOKEN ?? null,
      apiUrl: e.SLACK_API_URL ?? null,
      mode: e.SLACK_APP_TOKEN ? "socket" : "http",
    };
  } else if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    problems.push("SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set");
  }

  const discord: Config["discord"] = e.DISCORD_TOKEN
    ? { token: e.DISCORD_TOKEN, apiUrl: e.DISCORD_API_URL ?? null, registerCommands: e.DISCORD_REGISTER_COMMANDS ?? true, messageContent: e.DISCORD_MESSAGE_CONTENT ?? true }
    : null;

  if (e.OPENAI_BASE_URL && !e.OPENAI_API_KEY) {
    problems.push("OPENAI_API_KEY: required when OPENAI_BASE_URL is set (use any non-empty value for local servers that ignore it)");
  }
  const openai: Config["openai"] = e.OPENAI_API_KEY
    ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL ?? null, embeddingModel: e.OPENAI_EMBEDDING_MODEL, embeddingDimensions: e.OPENAI_EMBEDDING_DIMENSIONS ?? null, chatModel: e.OPENAI_CHAT_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS }
    : null;

  const playground = e.PLAYGROUND === "on" || (e.PLAYGROUND === "auto" && !slack && !discord);
  // The playground has no login (anyone can act as any member, and the dashboard is open without a token):
  // it listens on loopback, and only with ADMIN_TOKEN may it be exposed on another interface.
  const host = e.HOST ?? (playground ? "127.0.0.1" : "0.0.0.0");
  if (playground && !isLoopback(host) && !e.ADMIN_TOKEN) {
    problems.push(`HOST: the playground has no login, so it only listens on loopback; set ADMIN_TOKEN to expose it on ${host}, or PLAYGROUND=off`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const warnings: string[] = [];
  if (e.ADMIN_TOKEN && e.ADMIN_TOKEN.length < MIN_ADMIN_TOKEN_LENGTH) {
    warnings.push(`ADMIN_TOKEN: only ${e.ADMIN_TOKEN.length} characters; use at least ${MIN_ADMIN_TOKEN_LENGTH} random ones (e.g. \`openssl rand -hex 24\`): it is all that guards the admin dashboard`);
  }

  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { port: e.PORT, host },
    dataDir: e.DATA_DIR,
    store: e.MONGODB_URI ? { kind: "mongo", uri: e.MONGODB_URI } : { kind: "sqlite", file: `${e.DATA_DIR.replace(/\/+$/, "")}/knowhow.sqlite` },
    slack,
    discord,
    openai,
    wordVectors: e.WORD_VECTORS === "on",
    jobs: e.JOBS === "on",
    changesPollMs: Math.round(e.CHANGES_POLL_SECONDS * 1000),
    adminToken: e.ADMIN_TOKEN ?? null,
    trustedProxies: e.TRUST_PROXY,
    playground,
    warnings,
  };
}
