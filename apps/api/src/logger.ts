// The one structured logger lives in core (`createLogger`, pino with redaction); routes use its interface.
export { type Logger, silentLogger } from '@scanrelay/core';
