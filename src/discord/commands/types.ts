/** The shape of a command module: builder data plus handlers, discord.js guide style. */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../context.js';
import { UserError } from '../errors.js';

interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

interface Common {
  data: CommandData;
  /** Whether a use counts against the user's rate limit (anything that runs a search does). */
  costly: boolean;
  /**
   * Only for members with Manage Server, checked by the router before `execute` (the command's
   * default_member_permissions only hides it: a server can grant it to anyone, and old clients
   * ignore it). `action` ends the refusal: "Only members with … can <action>."
   */
  manageServer?: { action: string };
}

export interface SlashCommand extends Common {
  type: 'slash';
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

export interface MessageCommand extends Common {
  type: 'message';
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

export type Command = SlashCommand | MessageCommand;

/**
 * Validates options at the edge. Discord enforces the declared types, but not everything
 * (blank strings, two options that exclude each other), and clients can be out of date.
 */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new UserError(parsed.error.issues.map((i) => i.message).join('\n'));
}

/**
 * The builder of a command that changes the bot's documents: shown only in servers and, by default,
 * only to members with Manage Server (the router still checks `manageServer`: servers can re-grant it).
 */
export function manageServerCommand(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}
