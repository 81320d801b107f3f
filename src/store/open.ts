import type { Logger } from "../core/ports/logger.port.js";
import type { Store } from "../core/ports/store.port.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";

export type StoreConfig = { kind: "sqlite"; file: string } | { kind: "mongo"; uri: string };

/**
 * Opens the configured store (Config["store"]): the embedded SQLite file by default, MongoDB when
 * MONGODB_URI is set. The mongo module (and so mongoose) is only loaded when it is used.
 */
export async function openStore(cfg: StoreConfig, logger: Logger): Promise<Store> {
  if (cfg.kind === "sqlite") return SqliteStore.open(cfg.file, logger);
  const { MongoStore } = await import("./mongo/mongo-store.js");
  return MongoStore.open(cfg.uri, logger);
}
