// One structured logger (winston, JSON lines on stderr). Never log OCR text, names or IBANs: ids and hashes only.
import winston from 'winston';
import { env } from './env.ts';

export type Logger = winston.Logger;

export const log: Logger = winston.createLogger({
  level: env().POSTSTELLE_LOG_LEVEL,
  format: winston.format.combine(
    winston.format.timestamp(),
    winston.format.errors({ stack: true }),
    winston.format.json(),
  ),
  defaultMeta: { service: 'poststelle', pid: process.pid },
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
});
