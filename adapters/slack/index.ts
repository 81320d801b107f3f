/** The Slack adapter (Bolt 5): see docs/slack.md for setup and the event flow. */
export { createSlackAdapter, SlackAdapter, type SlackAdapterOptions } from "./adapter.js";
export { SlackMessenger } from "./messenger.js";
export { SlackApi, SlackApiError, createWebClient } from "./api.js";
export { EVENTS_PATH, type SlackConfig } from "./transport.js";
