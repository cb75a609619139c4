import type { Logger } from '@scanrelay/core';

export { type Logger, silentLogger } from '@scanrelay/core';

/** One JSON object per line on the given stream (stderr by default), at `level` and above. */
export function createJsonLogger(
  options: {
    level?: 'debug' | 'info' | 'warn' | 'error';
    stream?: NodeJS.WritableStream;
    name?: string;
  } = {},
): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const min = order.indexOf(options.level ?? 'info');
  const stream = options.stream ?? process.stderr;
  const make =
    (level: (typeof order)[number]) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (order.indexOf(level) < min) return;
      const line = { time: new Date().toISOString(), level, name: options.name, msg: message, ...fields };
      stream.write(`${JSON.stringify(line, errorReplacer)}\n`);
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}
