/**
 * /documents against the fake Discord with the real discord.js client: uploads are downloaded
 * from the fake's loopback "CDN", checked, saved atomically and indexed (fake embedder: the
 * model is not what is tested here).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationCommandOptionType, MessageFlags, type APIAttachment } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/bootstrap/config.js';
import type { Bot } from '../../src/discord/bot.js';
import { setLogLevel } from '../../src/bootstrap/logger.js';
import { Engine } from '../../src/engine/engine.js';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';
import { firstEmbed, messagesThatMayPing, replyBody, startBot, tempDirs, testConfig } from './helpers.js';

const dirs = tempDirs('documents-e2e');
const fake = new FakeDiscord();
let config: Config;
let engine: Engine;
let bot: Bot;

const NOTES = '# Harbour notes\n\nThe committee met on Friday to approve the harbour budget for next year.\n\n- The pier opens at dawn.\n';

beforeAll(async () => {
  await fake.start();
  writeFileSync(path.join(dirs.corpus, 'photo.png'), 'not a document');
  config = testConfig(dirs, { EMBEDDING_MODEL: 'fake/hashed-bow', DOCUMENTS_MAX_BYTES: '4096' });
  // The fake embedder in-thread: what is tested is the upload path, not the model.
  setLogLevel(config.logLevel);
  engine = await Engine.open(config);
  bot = await startBot(fake, engine, config);
});

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  dirs.cleanup();
});

function add(file: APIAttachment, opts: { replace?: boolean; as?: 'admin' | 'member' } = {}): InteractionHandle {
  const options = opts.replace === undefined ? [] : [{ name: 'replace', type: ApplicationCommandOptionType.Boolean as const, value: opts.replace }];
  return fake.sendInteraction(
    fake.build.chatInput({
      name: 'documents',
      as: opts.as ?? 'admin',
      options: [{ name: 'add', type: ApplicationCommandOptionType.Subcommand, options }],
      attachments: { file },
    }),
  );
}

async function replyText(handle: InteractionHandle): Promise<string> {
  await handle.waitForReply({ timeoutMs: 20_000 });
  const body = replyBody(handle);
  expect(body['allowed_mentions']).toEqual({ parse: [] });
  return String(body['content'] ?? '');
}

const corpusFiles = () => readdirSync(dirs.corpus).sort();

describe('/documents', () => {
  it('is only for members with Manage Server, checked by the bot, and registered with that default permission', async () => {
    const handle = add(fake.addAttachment({ filename: 'notes.md', bytes: NOTES }), { as: 'member' });
    expect(await replyText(handle)).toBe('Only members with the **Manage Server** permission can add or remove documents.');
    expect(replyBody(handle)['flags']).toBe(MessageFlags.Ephemeral);
    expect(existsSync(path.join(dirs.corpus, 'notes.md'))).toBe(false);
    const { commandData } = await import('../../src/discord/commands/index.js');
    expect(commandData().find((c) => c.name === 'documents')).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });

  it('adds an uploaded file: saved under its name, indexed incrementally, and says what was indexed', async () => {
    const before = engine.documents().length;
    const text = await replyText(add(fake.addAttachment({ filename: 'notes.md', bytes: NOTES })));
    expect(text).toMatch(/^Indexed `notes\.md` — \*\*Harbour notes\*\*: \d+ block\(s\), 2 quotable paragraph\(s\), 2 sentence\(s\), \d+ passage\(s\)\. \d+ passage\(s\) embedded, \d+ reused; 6 document\(s\) in the index\.$/);
    expect(readFileSync(path.join(dirs.corpus, 'notes.md'), 'utf8')).toBe(NOTES);
    expect(engine.documents()).toHaveLength(before + 1);
    expect((await engine.cite('The committee met on Friday to approve the harbour budget for next year.')).citations[0]?.document).toBe('notes.md');
    // No temporary file is left behind.
    expect(corpusFiles().filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('never overwrites without replace:true, and replaces with it', async () => {
    const changed = NOTES.replace('Friday', 'Monday');
    expect(await replyText(add(fake.addAttachment({ filename: 'notes.md', bytes: changed })))).toBe(
      'notes.md already exists: upload it again with replace:true to replace it',
    );
    expect(readFileSync(path.join(dirs.corpus, 'notes.md'), 'utf8')).toBe(NOTES);
    expect(await replyText(add(fake.addAttachment({ filename: 'notes.md', bytes: changed }), { replace: true }))).toMatch(/^Replaced and indexed `notes\.md`/);
    expect(readFileSync(path.join(dirs.corpus, 'notes.md'), 'utf8')).toBe(changed);
  });

  it('keeps a file name inside the documents folder (no path traversal) and makes it safe', async () => {
    const text = await replyText(add(fake.addAttachment({ filename: '../../escape attempt.md', bytes: '# Escape\n\nA sentence that must land inside the corpus folder only.\n' })));
    expect(text).toMatch(/^Indexed `escape-attempt\.md`/);
    expect(existsSync(path.join(dirs.corpus, 'escape-attempt.md'))).toBe(true);
    expect(readdirSync(path.dirname(dirs.corpus)).filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  it('refuses a malformed file, an unsupported type and an oversized file with one line each, changing nothing', async () => {
    const files = corpusFiles();
    const docs = engine.documents().length;
    const binary = await replyText(add(fake.addAttachment({ filename: 'broken.txt', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x1a, 0x0a]) })));
    expect(binary).toBe('broken.txt cannot be indexed: file is a PNG image, not a document that can be read: remove it or convert it to text');
    expect(await replyText(add(fake.addAttachment({ filename: 'tool.exe', bytes: 'MZ' })))).toMatch(/^tool\.exe: unsupported type \(\.exe\); supported are .*\.md/);
    expect(await replyText(add(fake.addAttachment({ filename: 'big.md', bytes: 'x'.repeat(5000) })))).toBe(
      'big.md is 4.9 KB: the limit is 4.0 KB (DOCUMENTS_MAX_BYTES).',
    );
    // Discord's reported size can be wrong: the limit also holds while downloading.
    const lying = fake.addAttachment({ filename: 'big.md', bytes: `# Big\n\n${'A long sentence. '.repeat(400)}`, size: 100 });
    expect(await replyText(add(lying))).toBe('The file is larger than the limit of 4.0 KB (DOCUMENTS_MAX_BYTES).');
    expect(corpusFiles()).toEqual(files);
    expect(engine.documents()).toHaveLength(docs);
  });

  it('lists documents with the skipped files, and removes a document chosen by autocomplete', async () => {
    const list = fake.sendInteraction(
      fake.build.chatInput({ name: 'documents', as: 'admin', options: [{ name: 'list', type: ApplicationCommandOptionType.Subcommand, options: [] }] }),
    );
    await list.waitForReply();
    const embed = firstEmbed(replyBody(list));
    expect(embed.fields).toEqual([{ name: 'Skipped (1)', value: expect.stringMatching(/^`photo\.png`: unsupported type \(\.png\)/) }]);

    const choices = fake.sendInteraction(fake.build.autocomplete({ name: 'documents', as: 'admin', focused: 'document', value: 'harb' }));
    const response = await choices.waitForResponse();
    expect((response.body as { data: { choices: { value: string }[] } }).data.choices.map((c) => c.value)).toEqual(['notes.md']);

    const handle = fake.sendInteraction(
      fake.build.chatInput({
        name: 'documents',
        as: 'admin',
        options: [{ name: 'remove', type: ApplicationCommandOptionType.Subcommand, options: [{ name: 'document', type: ApplicationCommandOptionType.String, value: 'notes.md' }] }],
      }),
    );
    expect(await replyText(handle)).toMatch(/^Removed `notes\.md` — \*\*Harbour notes\*\*; 6 document\(s\) left in the index\.$/);
    expect(existsSync(path.join(dirs.corpus, 'notes.md'))).toBe(false);
    expect(engine.documents().map((d) => d.id)).not.toContain('notes.md');
  });

  it('made no request that failed or could ping anyone', () => {
    expect(fake.unexpectedRequests()).toEqual([]);
    expect(fake.failedRequests()).toEqual([]);
    expect(messagesThatMayPing(fake.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH'))).toEqual([]);
  });
});
