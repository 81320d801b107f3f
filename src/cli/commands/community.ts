import type { Command } from "commander";
import type { Runtime } from "../../app/runtime.js";
import { UserError } from "../../core/errors.js";
import { operator } from "../../core/usecases/communities.js";
import { aliasAddedText, aliasRemovedText, settingsFields } from "../../core/views/community.js";
import { communityArg } from "../runtime.js";
import { CliError, withRuntime } from "./members.js";

/**
 * `settings` and `alias`: what admins do with `/knowhow settings` and `/knowhow alias`, for operators (and
 * communities with no admin chat, such as the playground's). Same use cases, same checks, same rekeying.
 */
export function registerCommunityCommands(program: Command, getRuntime: () => Promise<Runtime>): void {
  program
    .command("settings")
    .description("Show a community's settings, or change one: settings --community demo digest on")
    .argument("[name]", "setting to change (wait, candidates, rounds, followup, nudge-days, digest, channel, …)")
    .argument("[value]", "its new value")
    .requiredOption("-c, --community <id>", "community id, e.g. demo or slack:T0123")
    .action(async (name: string | undefined, value: string | undefined, opts: { community: string }) => {
      const community = communityArg(opts.community);
      if (name !== undefined && value === undefined) throw new CliError(`Give a value, e.g. knowhow settings --community ${opts.community} ${name} …`);
      await withRuntime(getRuntime, async (rt) => {
        const by = operator(community);
        if (name !== undefined && value !== undefined) {
          const updated = await rt.core.communities.setSetting(by, name, value);
          const field = settingsFields(updated.settings, (id) => `#${id}`).find((f) => f.label === name.trim().toLowerCase());
          console.log(`Setting ${name} updated in ${community}${field ? `: ${field.value}` : ""}.`);
          if (updated.settings.digestEnabled && updated.adminIds.length + updated.settings.digestTo.length === 0 && name.trim().toLowerCase() === "digest") {
            console.log(`Nobody gets it yet: add an admin with knowhow admins --community ${opts.community} add MEMBER, or have one type /knowhow settings digest on.`);
          }
          return;
        }
        await rt.core.communities.requireAdmin(by);
        const c = await rt.core.communities.get(community);
        console.log(`Settings of ${community}:`);
        for (const f of settingsFields(c.settings, (id) => `#${id}`)) console.log(`  ${f.label.padEnd(17)} ${f.value}`);
        console.log(`Change one with: knowhow settings --community ${opts.community} NAME VALUE`);
      });
    });

  program
    .command("admins")
    .description("A community's Knowhow admins (settings, reports, the digest) besides the platform's: list, add or remove members")
    .argument("[words...]", "list | add MEMBER… | remove MEMBER… (member ids, e.g. grace or web:demo:grace, or display names, e.g. Grace Hill; several names: separate them with commas)")
    .requiredOption("-c, --community <id>", "community id, e.g. demo or slack:T0123")
    .action(async (words: string[], opts: { community: string }) => {
      const community = communityArg(opts.community);
      const [verb = "list", ...who] = words;
      if (!["list", "add", "remove"].includes(verb) || (verb !== "list" && who.length === 0)) {
        throw new CliError(`Use: knowhow admins --community ${opts.community} [list | add MEMBER… | remove MEMBER…]`);
      }
      await withRuntime(getRuntime, async (rt) => {
        const by = operator(community);
        if (verb !== "list") {
          const change = (refs: string[]) => rt.core.communities.changeAdmins(by, verb === "add" ? { add: refs } : { remove: refs });
          const text = who.join(" ");
          if (text.includes(",")) await change(text.split(",").map((w) => w.trim()).filter(Boolean));
          else {
            // `add maya grace` names two members; `add Maya Okafor` (unquoted) one: the words one by one, then together.
            await change(who).catch(async (e: unknown) => {
              if (who.length < 2 || !(e instanceof UserError)) throw e;
              await change([text]).catch(() => Promise.reject(e));
            });
          }
        }
        const admins = await rt.core.communities.admins(by);
        // Names first: an operator reads "Grace Hill", and copies the id when they need it.
        const named = admins.map((a) => (a.displayName === null ? `${a.id} (no longer a member)` : `${a.displayName} (${a.id})`));
        console.log(named.length ? `Admins of ${community}: ${named.join(", ")}` : `${community} has no Knowhow admins besides the platform's.`);
      });
    });

  program
    .command("alias")
    .description("A community's aliases: list them, add one (gh actions = github actions) or remove one (remove gh actions)")
    .argument("[words...]", "list | FROM = TO | remove FROM")
    .requiredOption("-c, --community <id>", "community id, e.g. demo or slack:T0123")
    .action(async (words: string[], opts: { community: string }) => {
      const community = communityArg(opts.community);
      const text = words.join(" ").trim();
      const add = /^(.+?)\s*=\s*(.+)$/.exec(text);
      const remove = /^(?:remove|rm|delete)(?:\s+(.*))?$/i.exec(text);
      if (!add && !remove && text !== "" && text.toLowerCase() !== "list") {
        throw new CliError(`Use: knowhow alias --community ${opts.community} [list | FROM = TO | remove FROM]`);
      }
      if (remove && !remove[1]) throw new CliError(`Which alias? e.g. knowhow alias --community ${opts.community} remove gh actions`);
      await withRuntime(getRuntime, async (rt) => {
        const by = operator(community);
        if (add) return console.log(aliasAddedText(await rt.core.communities.addAlias(by, add[1] ?? "", add[2] ?? "")));
        if (remove) return console.log(aliasRemovedText(await rt.core.communities.removeAlias(by, remove[1] ?? "")));
        const aliases = await rt.core.communities.aliases(by);
        for (const [from, to] of aliases) console.log(`${from} → ${to}`);
        console.log(aliases.length ? `(${aliases.length} alias${aliases.length === 1 ? "" : "es"} in ${community})` : `No aliases in ${community} yet.`);
      });
    });
}
