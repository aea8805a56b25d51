/**
 * The subset of Discord's server-side validation that a bot posting long, quoted
 * answers is likely to trip over. Real Discord answers these with
 * 400 `{code: 50035, message: 'Invalid Form Body', errors: {...}}`; discord.js
 * surfaces that as a DiscordAPIError, so the bot under test sees the same failure.
 */

export interface FieldError {
  /** Dotted path into the body, e.g. `data.embeds.0.description`. */
  path: string;
  code: string;
  message: string;
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  buttonLabel: 80,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function maxLength(errors: FieldError[], path: string, value: unknown, max: number): number {
  const s = str(value);
  if (s === undefined) return 0;
  // Discord counts Unicode code points, not UTF-16 units.
  const length = [...s].length;
  if (length > max) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
  return length;
}

/**
 * Validates a message body (channel message, interaction response data, webhook
 * execute/edit). `prefix` is prepended to error paths (`data.` for callbacks).
 * `requireSomething` is false for edits, which may change a single field.
 */
export function validateMessageBody(
  body: unknown,
  prefix: string,
  options: { requireSomething: boolean; hasFiles: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(body)) {
    if (options.requireSomething && !options.hasFiles) {
      errors.push({ path: prefix.replace(/\.$/, '') || '_', code: 'MESSAGE_EMPTY', message: 'Cannot send an empty message' });
    }
    return errors;
  }
  maxLength(errors, `${prefix}content`, body['content'], LIMITS.content);

  const embeds = Array.isArray(body['embeds']) ? body['embeds'] : [];
  if (embeds.length > LIMITS.embeds) {
    errors.push({ path: `${prefix}embeds`, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.embeds} or fewer in length.` });
  }
  let embedTotal = 0;
  embeds.forEach((embed: unknown, i) => {
    if (!isRecord(embed)) return;
    const p = `${prefix}embeds.${i}.`;
    embedTotal += maxLength(errors, `${p}title`, embed['title'], LIMITS.embedTitle);
    embedTotal += maxLength(errors, `${p}description`, embed['description'], LIMITS.embedDescription);
    if (isRecord(embed['footer'])) embedTotal += maxLength(errors, `${p}footer.text`, embed['footer']['text'], LIMITS.embedFooter);
    if (isRecord(embed['author'])) embedTotal += maxLength(errors, `${p}author.name`, embed['author']['name'], LIMITS.embedAuthor);
    const fields = Array.isArray(embed['fields']) ? embed['fields'] : [];
    if (fields.length > LIMITS.embedFields) {
      errors.push({ path: `${p}fields`, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.embedFields} or fewer in length.` });
    }
    fields.forEach((field: unknown, j) => {
      if (!isRecord(field)) return;
      const name = str(field['name']);
      const value = str(field['value']);
      if (!name || !value) {
        errors.push({ path: `${p}fields.${j}`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      }
      embedTotal += maxLength(errors, `${p}fields.${j}.name`, field['name'], LIMITS.embedFieldName);
      embedTotal += maxLength(errors, `${p}fields.${j}.value`, field['value'], LIMITS.embedFieldValue);
    });
  });
  if (embedTotal > LIMITS.embedTotal) {
    errors.push({ path: `${prefix}embeds`, code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  }

  const rows = Array.isArray(body['components']) ? body['components'] : [];
  if (rows.length > LIMITS.actionRows) {
    errors.push({ path: `${prefix}components`, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.actionRows} or fewer in length.` });
  }
  const customIds = new Set<string>();
  rows.forEach((row: unknown, i) => {
    if (!isRecord(row) || !Array.isArray(row['components'])) return;
    const children: unknown[] = row['components'];
    if (children.length > LIMITS.rowComponents) {
      errors.push({ path: `${prefix}components.${i}.components`, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.rowComponents} or fewer in length.` });
    }
    children.forEach((c, j) => {
      if (!isRecord(c)) return;
      const p = `${prefix}components.${i}.components.${j}.`;
      maxLength(errors, `${p}label`, c['label'], LIMITS.buttonLabel);
      maxLength(errors, `${p}custom_id`, c['custom_id'], LIMITS.customId);
      const customId = str(c['custom_id']);
      if (customId !== undefined) {
        if (customIds.has(customId)) {
          errors.push({ path: `${p}custom_id`, code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
        }
        customIds.add(customId);
      }
    });
  });

  if (options.requireSomething && !options.hasFiles) {
    const hasContent = (str(body['content']) ?? '').length > 0;
    const hasPoll = isRecord(body['poll']);
    const hasSticker = Array.isArray(body['sticker_ids']) && body['sticker_ids'].length > 0;
    if (!hasContent && embeds.length === 0 && rows.length === 0 && !hasPoll && !hasSticker) {
      errors.push({ path: prefix.replace(/\.$/, '') || '_', code: 'MESSAGE_EMPTY', message: 'Cannot send an empty message' });
    }
  }
  return errors;
}

export function validateAutocompleteChoices(data: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const choices = isRecord(data) && Array.isArray(data['choices']) ? data['choices'] : undefined;
  if (!choices) {
    errors.push({ path: 'data.choices', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return errors;
  }
  if (choices.length > LIMITS.autocompleteChoices) {
    errors.push({ path: 'data.choices', code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.autocompleteChoices} or fewer in length.` });
  }
  choices.forEach((choice: unknown, i) => {
    if (!isRecord(choice)) return;
    const name = str(choice['name']);
    if (!name) errors.push({ path: `data.choices.${i}.name`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    maxLength(errors, `data.choices.${i}.name`, choice['name'], LIMITS.choiceName);
    maxLength(errors, `data.choices.${i}.value`, choice['value'], LIMITS.choiceValue);
  });
  return errors;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Bulk-overwrite bodies: names, descriptions, option ordering and counts. */
export function validateCommands(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(body)) {
    return [{ path: '_', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  }
  const seen = new Set<string>();
  body.forEach((cmd: unknown, i) => {
    if (!isRecord(cmd)) return;
    const type = typeof cmd['type'] === 'number' ? cmd['type'] : 1;
    const name = str(cmd['name']) ?? '';
    const key = `${type}:${name}`;
    if (seen.has(key)) {
      errors.push({ path: `${i}.name`, code: 'APPLICATION_COMMAND_ALREADY_EXISTS', message: 'Application command names must be unique' });
    }
    seen.add(key);
    if (type === 1) {
      if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
        errors.push({ path: `${i}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
      }
      const description = str(cmd['description']) ?? '';
      if (description.length < 1 || [...description].length > LIMITS.commandDescription) {
        errors.push({ path: `${i}.description`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
      }
      validateOptions(errors, `${i}.options`, cmd['options']);
    } else if (name.length < 1 || [...name].length > LIMITS.commandName) {
      errors.push({ path: `${i}.name`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 32 in length.' });
    }
  });
  return errors;
}

function validateOptions(errors: FieldError[], path: string, options: unknown): void {
  if (!Array.isArray(options)) return;
  if (options.length > LIMITS.commandOptions) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.commandOptions} or fewer in length.` });
  }
  let sawOptional = false;
  options.forEach((opt: unknown, i) => {
    if (!isRecord(opt)) return;
    const p = `${path}.${i}`;
    const name = str(opt['name']) ?? '';
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      errors.push({ path: `${p}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
    const description = str(opt['description']) ?? '';
    if (description.length < 1 || [...description].length > LIMITS.commandDescription) {
      errors.push({ path: `${p}.description`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    const required = opt['required'] === true;
    if (required && sawOptional) {
      errors.push({ path: `${p}.required`, code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    }
    if (!required) sawOptional = true;
    if (opt['autocomplete'] === true && Array.isArray(opt['choices']) && opt['choices'].length > 0) {
      errors.push({ path: `${p}.autocomplete`, code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES', message: 'Autocomplete cannot be set with choices' });
    }
    // Subcommands and groups nest their own options.
    validateOptions(errors, `${p}.options`, opt['options']);
  });
}

/** Discord's nested error shape: `{data: {content: {_errors: [{code, message}]}}}`. */
export function formBodyError(errors: FieldError[]): { code: number; message: string; errors: Record<string, unknown> } {
  const tree: Record<string, unknown> = {};
  for (const e of errors) {
    let node = tree;
    for (const key of e.path.split('.')) {
      const next = node[key];
      if (isRecord(next)) node = next;
      else {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      }
    }
    const list = Array.isArray(node['_errors']) ? (node['_errors'] as unknown[]) : [];
    list.push({ code: e.code, message: e.message });
    node['_errors'] = list;
  }
  return { code: 50035, message: 'Invalid Form Body', errors: tree };
}
