import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/app/config.js";

describe("loadConfig", () => {
  it("given an empty environment, runs the embedded store, the playground and no platform", () => {
    const c = loadConfig({});
    expect(c.store).toEqual({ kind: "sqlite", file: "./data/knowhow.sqlite" });
    expect(c.http).toEqual({ port: 3000, host: "127.0.0.1" });
    expect(c.slack).toBeNull();
    expect(c.discord).toBeNull();
    expect(c.openai).toBeNull();
    expect(c.playground).toBe(true);
  });

  it("given MONGODB_URI, uses MongoDB", () => {
    expect(loadConfig({ MONGODB_URI: "mongodb://db:27017/knowhow" }).store).toEqual({ kind: "mongo", uri: "mongodb://db:27017/knowhow" });
  });

  it("given Slack credentials, picks Socket Mode with an app token and HTTP mode without", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack?.mode).toBe("socket");
    const http = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: "http://127.0.0.1:9/api/" });
    expect(http.slack).toMatchObject({ mode: "http", apiUrl: "http://127.0.0.1:9/api/" });
    expect(http.playground).toBe(false);
    expect(http.http.host).toBe("0.0.0.0");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT: must be a whole number from 0 to 65535"],
    [{ PORT: "70000" }, "PORT: must be at most 65535"],
    [{ MONGODB_URI: "postgres://x" }, "MONGODB_URI: must be a URL starting with mongodb:// or mongodb+srv://"],
    [{ SLACK_BOT_TOKEN: "xoxp-user" }, 'SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"'],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_SIGNING_SECRET: required"],
    [{ SLACK_APP_TOKEN: "xapp-1" }, "SLACK_BOT_TOKEN: required"],
    [{ DISCORD_API_URL: "not a url", DISCORD_TOKEN: "t" }, "DISCORD_API_URL"],
    [{ OPENAI_BASE_URL: "http://127.0.0.1:1234/v1" }, "OPENAI_API_KEY: required"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ OPENAI_EMBEDDING_DIMENSIONS: "12.5" }, "OPENAI_EMBEDDING_DIMENSIONS: must be a whole number"],
    [{ OPENAI_EMBEDDING_DIMENSIONS: "8" }, "OPENAI_EMBEDDING_DIMENSIONS: must be at least 16"],
    [{ OPENAI_EMBEDDING_DIMENSIONS: "many" }, "OPENAI_EMBEDDING_DIMENSIONS"],
  ])("given %j, fails naming the variable", (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it("polls the store's changes every 5 s unless CHANGES_POLL_SECONDS says otherwise (0: off; empty: the default)", () => {
    expect(loadConfig({}).changesPollMs).toBe(5000);
    expect(loadConfig({ CHANGES_POLL_SECONDS: "" }).changesPollMs).toBe(5000);
    expect(loadConfig({ CHANGES_POLL_SECONDS: "0" }).changesPollMs).toBe(0);
    expect(loadConfig({ CHANGES_POLL_SECONDS: "0.5" }).changesPollMs).toBe(500);
    expect(() => loadConfig({ CHANGES_POLL_SECONDS: "-1" })).toThrow(/CHANGES_POLL_SECONDS: must be 0 \(off\) or more/);
    expect(() => loadConfig({ CHANGES_POLL_SECONDS: "soon" })).toThrow(/CHANGES_POLL_SECONDS: must be a number of seconds/);
    // A tiny interval is a typo, not a wish to poll a thousand times a second: it would round to 0 and silently turn the
    // feed off.
    expect(() => loadConfig({ CHANGES_POLL_SECONDS: "0.0004" })).toThrow(/CHANGES_POLL_SECONDS: must be 0 \(off\) or at least 0\.1/);
    expect(() => loadConfig({ CHANGES_POLL_SECONDS: "0.05" })).toThrow(/CHANGES_POLL_SECONDS: must be 0 \(off\) or at least 0\.1/);
    expect(loadConfig({ CHANGES_POLL_SECONDS: "0.1" }).changesPollMs).toBe(100);
  });

  it("trusts no reverse proxy unless TRUST_PROXY says how many are in front (on: one; off, 0 or empty: none)", () => {
    expect(loadConfig({}).trustedProxies).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "" }).trustedProxies).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "off" }).trustedProxies).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "0" }).trustedProxies).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "On" }).trustedProxies).toBe(1);
    expect(loadConfig({ TRUST_PROXY: " 2 " }).trustedProxies).toBe(2);
    for (const bad of ["yes-please", "11", "-1", "1.5", "true"]) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: must be off, on \(one reverse proxy in front\) or how many proxies are in front, 0 to 10/);
    }
  });

  it("reads OPENAI_EMBEDDING_DIMENSIONS when set, and treats an empty value as unset", () => {
    expect(loadConfig({ OPENAI_API_KEY: "sk-1", OPENAI_EMBEDDING_DIMENSIONS: "512" }).openai?.embeddingDimensions).toBe(512);
    expect(loadConfig({ OPENAI_API_KEY: "sk-1", OPENAI_EMBEDDING_DIMENSIONS: "" }).openai?.embeddingDimensions).toBeNull();
    expect(loadConfig({ OPENAI_API_KEY: "sk-1" }).openai?.embeddingDimensions).toBeNull();
  });

  it("keeps the login-less playground on loopback: explicit PLAYGROUND=on with Slack binds 127.0.0.1, and exposing it needs ADMIN_TOKEN", () => {
    const both = loadConfig({ PLAYGROUND: "on", SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(both.playground).toBe(true);
    expect(both.http.host).toBe("127.0.0.1");
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/HOST: the playground has no login/);
    expect(loadConfig({ HOST: "0.0.0.0", ADMIN_TOKEN: "t" }).http.host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "127.0.0.2" }).http.host).toBe("127.0.0.2");
    expect(loadConfig({ HOST: "0.0.0.0", PLAYGROUND: "off" }).http.host).toBe("0.0.0.0");
  });

  it("warns (without failing, and without the token) when ADMIN_TOKEN is shorter than 16 characters", () => {
    expect(loadConfig({ ADMIN_TOKEN: "s3cret" }).warnings).toEqual([expect.stringMatching(/^ADMIN_TOKEN: only 6 characters; use at least 16/)]);
    expect(loadConfig({ ADMIN_TOKEN: "s3cret" }).warnings.join()).not.toContain("s3cret");
    expect(loadConfig({ ADMIN_TOKEN: "0123456789abcdef" }).warnings).toEqual([]);
    expect(loadConfig({}).warnings).toEqual([]);
  });

  it("reports every problem at once", () => {
    try {
      loadConfig({ PORT: "x", LOG_LEVEL: "loud" });
      expect.fail("should throw");
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
    }
  });
});


function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join("\n");
    throw e;
  }
  return "(accepted)";
}

describe("configuration errors an operator can act on", () => {
  it("an empty PORT (`PORT=` in an env file or compose) is unset, as for CHANGES_POLL_SECONDS, not port 0 (a random port)", () => {
    expect(loadConfig({ PORT: "" }).http.port).toBe(3000);
    expect(loadConfig({ PORT: " " }).http.port).toBe(3000);
  });

  it.each([
    [{ PORT: "-1" }, /PORT: .*(0|1)\D.*65535|PORT: must be (at least|from|between)/],
    [{ PORT: "3.5" }, /PORT: must be a whole number/],
    [{ OPENAI_TIMEOUT_MS: "-5" }, /OPENAI_TIMEOUT_MS: must be (positive|more than|at least|greater)/],
  ])("given %j, says what is wrong with the number, not that it is not a number", (env, expected) => {
    const p = problems(env as Record<string, string>);
    expect(p).not.toMatch(/must be a number$/m);
    expect(p).toMatch(expected);
  });
});
