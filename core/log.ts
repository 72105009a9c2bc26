// One structured logger (winston, on stderr): JSON lines for collectors, readable lines on a terminal
// (POSTSTELLE_LOG_FORMAT). Never log OCR text, names or IBANs: ids and hashes only.
import winston from 'winston';
import { env } from './env.ts';
import { printable } from './paths.ts';

export type Logger = winston.Logger;

const SKIP = new Set(['level', 'message', 'timestamp', 'service', 'pid', 'stack']);

/** `12:03:04 warn  stage failed, will retry  stage=ocr batchId=… error="…"` (names escaped). */
const text = winston.format.printf((info) => {
  const time = String(info.timestamp).slice(11, 19);
  const fields = Object.entries(info)
    .filter(([k]) => !SKIP.has(k))
    .map(
      ([k, v]) =>
        `${k}=${typeof v === 'string' && !/\s|"/.test(v) ? printable(v) : printable(JSON.stringify(v))}`,
    );
  const stack = info.stack ? `\n${String(info.stack).split('\n').map(printable).join('\n')}` : '';
  return `${time} ${info.level.padEnd(5)} ${printable(String(info.message))}  ${fields.join(' ')}${stack}`;
});

const e = env();
const asText =
  e.POSTSTELLE_LOG_FORMAT === 'text' || (e.POSTSTELLE_LOG_FORMAT === 'auto' && process.stderr.isTTY);

export const log: Logger = winston.createLogger({
  level: e.POSTSTELLE_LOG_LEVEL,
  format: winston.format.combine(
    winston.format.timestamp(),
    winston.format.errors({ stack: true }),
    asText ? text : winston.format.json(),
  ),
  defaultMeta: { service: 'poststelle', pid: process.pid },
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
});
