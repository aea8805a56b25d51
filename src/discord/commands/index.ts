/** Every command the bot registers and answers. */
import { Collection, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { ask } from './ask.js';
import { documents } from './documents.js';
import { findSources } from './find-sources.js';
import { quote } from './quote.js';
import { reindex } from './reindex.js';
import { sources } from './sources.js';
import { summary } from './summary.js';
import type { Command } from './types.js';

export const commands: readonly Command[] = [ask, summary, quote, sources, findSources, reindex, documents];

export const commandsByName = new Collection<string, Command>(commands.map((c) => [c.data.name, c]));

/** The JSON `deploy-commands` registers. */
export function commandData(): RESTPostAPIApplicationCommandsJSONBody[] {
  return commands.map((c) => c.data.toJSON());
}

export type { Command, MessageCommand, SlashCommand } from './types.js';
