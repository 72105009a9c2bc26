// The `poststelle` command, the composition root: it wires configuration, store, queues and stages.
// Logs go to stderr; results to stdout or --results.
import fs from 'node:fs';
import { log } from '../core/log.ts';
import { InfrastructureError } from '../core/redis.ts';
import { DiskFullError } from '../ingest/intake.ts';
import { ConfigError } from '../profiles/load.ts';
import { UsageError, type Command } from './args.ts';
import { releaseCommand, reportCommand, rerunCommand, separatorSheetCommand } from './commands.ts';
import { processCommand } from './process.ts';
import { auditVerifyCommand, originalsCommand, transfervermerkCommand, verifyCommand } from './archive.ts';
import { startCommand } from './start.ts';
import { approveCommand, uiCommand, userCommand } from './ui.ts';

const COMMANDS: Command[] = [
  startCommand,
  processCommand,
  uiCommand,
  userCommand,
  approveCommand,
  reportCommand,
  rerunCommand,
  releaseCommand,
  auditVerifyCommand,
  verifyCommand,
  transfervermerkCommand,
  originalsCommand,
  separatorSheetCommand,
];

const VERSION = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const OVERVIEW = `poststelle ${VERSION}: digitale Poststelle (scans → searchable PDFs → unit inboxes)

usage: poststelle <command> [options]    poststelle <command> --help    poststelle --version

${COMMANDS.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`).join('\n')}`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${OVERVIEW}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(name ? `unknown command ${name}` : 'no command given');
    return await command.run(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS') || e instanceof ConfigError) {
      process.stderr.write(`poststelle: ${err.message}\n\n${command?.usage ?? OVERVIEW}\n`);
      return 2;
    }
    if (e instanceof InfrastructureError || e instanceof DiskFullError) {
      process.stderr.write(`poststelle: ${err.message}\n`);
      return 3;
    }
    log.error('failed', { error: err.message, stack: err.stack });
    return 3;
  }
}

const code = await main(process.argv.slice(2));
// Engines and sockets are closed by now; exit explicitly so a stray handle cannot keep the CLI alive.
setTimeout(() => process.exit(code), 50);
