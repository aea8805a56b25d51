/**
 * Routes every interaction to its handler. Nothing escapes from here: failures become an
 * ephemeral message for the user and a log line, never an unhandled rejection.
 */
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import { log } from '../bootstrap/logger.js';
import { handleButton } from './buttons.js';
import { commandsByName } from './commands/index.js';
import type { BotContext } from './context.js';
import { replyEphemeral, replyWithError } from './respond.js';

export function rateLimitText(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're asking a little fast: please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isButton()) return `button ${interaction.customId}`;
  return `interaction type ${interaction.type}`;
}

export async function handleInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  const started = Date.now();
  try {
    await route(interaction, ctx);
    log.debug(`${describe(interaction)} handled in ${Date.now() - started} ms`);
  } catch (err) {
    if (interaction.isRepliable()) {
      await replyWithError(interaction, err, describe(interaction));
    } else {
      log.warn(`${describe(interaction)} failed (interaction ${interaction.id}):`, err);
    }
  }
}

/** Whether the member may use a Manage Server command (never in DMs). */
function isManager(interaction: Interaction): boolean {
  return interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
}

async function route(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    const command = commandsByName.get(interaction.commandName);
    if (command?.manageServer && !isManager(interaction)) await interaction.respond([]);
    else if (command?.type === 'slash' && command.autocomplete) await command.autocomplete(interaction, ctx);
    else await interaction.respond([]);
    return;
  }
  if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
    const command = commandsByName.get(interaction.commandName);
    if (!command) {
      await replyEphemeral(interaction, 'I no longer know this command. An admin can refresh the command list with `npm run deploy-commands`.');
      return;
    }
    if (command.manageServer && !isManager(interaction)) {
      log.info(`refused /${interaction.commandName} for user ${interaction.user.id} (needs Manage Server)`);
      await replyEphemeral(interaction, `Only members with the **Manage Server** permission can ${command.manageServer.action}.`);
      return;
    }
    if (command.costly) {
      const limit = await ctx.limiter.take(interaction.user.id);
      if (!limit.ok) {
        await replyEphemeral(interaction, rateLimitText(limit.retryAfterMs));
        return;
      }
    }
    if (command.type === 'slash' && interaction.isChatInputCommand()) await command.execute(interaction, ctx);
    else if (command.type === 'message' && interaction.isMessageContextMenuCommand()) await command.execute(interaction, ctx);
    return;
  }
  if (interaction.isButton()) {
    await handleButton(interaction, ctx);
    return;
  }
  if (interaction.isRepliable()) await replyEphemeral(interaction, 'I cannot handle this kind of interaction.');
}
