// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const SDKS = ["@slack/*", "discord.js", "mongoose", "mongodb", "agenda", "@agendajs/*", "openai", "better-sqlite3", "express", "ws", "pino"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "test-artifacts/**", "adapters/web/public/vendor/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // The core is platform- and database-free: ports and use cases only.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: SDKS, message: "src/core must not import SDKs; add a port instead." },
        { group: ["node:*", "fs", "path", "http", "os", "child_process"], message: "src/core stays runtime-neutral; inject what you need through a port." },
        { group: ["**/adapters/**", "**/store/**", "**/app/**", "**/jobs/**", "**/ai/**", "**/cli/**"], message: "Dependencies point inward: src/core imports nothing outside src/core." },
      ] }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Config is read once in src/app/config.ts." }],
      "no-restricted-globals": ["error", { name: "process", message: "src/core must not touch the process; inject it through a port." }],
    },
  },
  {
    files: ["bin/**/*.js"],
    languageOptions: { globals: { process: "readonly" } },
  },
  {
    files: ["public/**/*.js", "adapters/web/public/**/*.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly", fetch: "readonly", console: "readonly", Chart: "readonly", URLSearchParams: "readonly", FormData: "readonly", setTimeout: "readonly", HTMLElement: "readonly", localStorage: "readonly" } },
  },
);
