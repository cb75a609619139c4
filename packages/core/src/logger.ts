/** The logging the apps and job handlers need: a message and structured fields. Never pass secrets. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = () => {};

/** A logger that drops everything (the default for embedded use and tests). */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
