import mongoose from "mongoose";
import { afterAll, describe } from "vitest";
import { silentLogger } from "../../src/core/ports/logger.port.js";
import { MongoStore } from "../../src/store/mongo/mongo-store.js";
import { runStoreContract } from "./contract.js";

/**
 * The shared Store contract against a real MongoDB. No server exists on the build machine, so it runs
 * only when MONGODB_URI is set, e.g. `docker compose up -d mongo` then
 * `MONGODB_URI=mongodb://127.0.0.1:27017 npx vitest run test/store/mongo.test.ts`.
 * Every store gets a fresh database, dropped when the file finishes.
 */
const uri = process.env.MONGODB_URI;
if (!uri) console.log("MongoDB contract suite skipped: set MONGODB_URI=mongodb://… to run it");

const created: string[] = [];
let n = 0;

(uri ? describe : describe.skip)("MongoStore", () => {
  runStoreContract("mongo", async () => {
    const dbName = `knowhow_test_${process.pid}_${Date.now().toString(36)}_${++n}`;
    created.push(dbName);
    const store = await MongoStore.open(uri ?? "", silentLogger, { dbName, serverSelectionTimeoutMS: 3000, changeSettleMs: 0 });
    // The feed never returns the server's current millisecond (a later write in it could sort before what was
    // returned): a test that writes and reads at once lets it pass first.
    const changesSince = store.changesSince.bind(store);
    store.changesSince = async (cursor, opts) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return changesSince(cursor, opts);
    };
    return store;
  });

  afterAll(async () => {
    if (!uri || created.length === 0) return;
    const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 3000 }).asPromise();
    try {
      for (const name of created.splice(0)) await conn.useDb(name, { useCache: false }).dropDatabase();
    } finally {
      await conn.close();
    }
  });
});
