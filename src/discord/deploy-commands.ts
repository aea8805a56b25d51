/**
 * npm run deploy-commands: registers the bot's commands, in one server when DISCORD_GUILD_ID is
 * set (they appear at once) or globally (they can take up to an hour to appear everywhere).
 * Registration replaces the whole list, so commands removed from the code disappear as well.
 */
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { describeError } from '../bootstrap/open-engine.js';
import { loadConfigOrExit } from '../bootstrap/config.js';
import { log, registerSecret, setLogLevel } from '../bootstrap/logger.js';
import { restApiBase } from './client.js';
import { commandData } from './commands/index.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  names: string[];
}

export async function deployCommands(rest: REST, opts: { guildId?: string | undefined } = {}): Promise<DeployResult> {
  // REST returns unknown; these routes' response shapes are Discord's documented ones.
  const app = (await rest.get(Routes.currentApplication())) as APIApplication;
  const route = opts.guildId ? Routes.applicationGuildCommands(app.id, opts.guildId) : Routes.applicationCommands(app.id);
  const registered = (await rest.put(route, { body: commandData() })) as APIApplicationCommand[];
  return { scope: opts.guildId ? 'guild' : 'global', applicationId: app.id, names: registered.map((c) => c.name) };
}

async function main(): Promise<void> {
  const program = new Command('deploy-commands')
    .description('Register the slash and context-menu commands with Discord.')
    .option('--guild <id>', 'register in this server only (default: DISCORD_GUILD_ID)')
    .option('--global', 'register globally even when DISCORD_GUILD_ID is set')
    .option('--print', 'print the command JSON instead of registering it')
    .parse();
  const opts = program.opts<{ guild?: string; global?: boolean; print?: boolean }>();
  if (opts.print) {
    process.stdout.write(`${JSON.stringify(commandData(), null, 2)}\n`);
    return;
  }
  const config = loadConfigOrExit();
  setLogLevel(config.logLevel);
  const token = config.discord.token;
  if (!token) {
    process.stderr.write('DISCORD_TOKEN is not set: add your bot token to .env (see .env.example).\n');
    process.exitCode = 1;
    return;
  }
  registerSecret(token);
  const rest = new REST(config.discord.apiUrl ? { api: restApiBase(config.discord.apiUrl) } : {}).setToken(token);
  const guildId = opts.global ? undefined : (opts.guild ?? config.discord.guildId);
  if (guildId !== undefined && !/^\d{15,22}$/.test(guildId)) {
    process.stderr.write('--guild must be a Discord server id (digits only).\n');
    process.exitCode = 1;
    return;
  }
  try {
    const result = await deployCommands(rest, { guildId });
    const where = result.scope === 'guild' ? `in server ${guildId} (available now)` : 'globally (may take up to an hour to appear)';
    log.info(`registered ${result.names.length} command(s) ${where}: ${result.names.join(', ')}`);
  } catch (err) {
    log.error(`could not register the commands: ${describeError(err)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
