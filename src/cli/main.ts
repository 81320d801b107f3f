import { run } from "./program.js";

/** Entry point of the `knowhow` command. */
run(process.argv.slice(2)).then((code) => process.exit(code));
