/** A fake Slack platform for end-to-end tests with the real Bolt: Web API, Socket Mode and signed requests. */
export { FakeSlack, type Fault, type RecordedCall } from "./web-api.js";
export { FakeSlackState, type FakeUser, type PostedMessage } from "./state.js";
export { FakeSocketMode } from "./socket-mode.js";
export { SlackRequester, sign, slashCommand, eventEnvelope, blockAction, viewSubmission, type PostResult } from "./requests.js";
