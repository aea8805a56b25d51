/**
 * Minimal levelled logger on stderr (stdout stays clean for `--json` output).
 * Every line passes through `redact`, so a secret registered once never reaches a log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const secrets = new Set<string>();
/** Tag after the level on every line, e.g. `[shard 1/2]`, so interleaved processes can be told apart. */
let context = '';

let threshold: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info';
if (!(threshold in ORDER)) threshold = 'info';

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function setLogContext(tag: string): void {
  context = tag ? `[${tag}] ` : '';
}

/** Registers a value (e.g. the bot token) that must never appear in output. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

function format(arg: unknown): string {
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

function write(level: Exclude<LogLevel, 'silent'>, args: unknown[]): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${context}${args.map(format).join(' ')}`;
  process.stderr.write(`${redact(line)}\n`);
}

export const log = {
  debug: (...args: unknown[]) => write('debug', args),
  info: (...args: unknown[]) => write('info', args),
  warn: (...args: unknown[]) => write('warn', args),
  error: (...args: unknown[]) => write('error', args),
};
