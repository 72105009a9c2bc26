// `poststelle start`: the mailroom as a service (all roles in one process, or one role of a cluster),
// until SIGTERM/SIGINT, which stop it gracefully.
import { startRuntime } from '../pipeline/runtime.ts';
import { graceMs, onStopSignal, parse, runtimeOptions, UsageError, type Command } from './args.ts';
import { portOf, portOption, serveUi } from './ui.ts';

const ROLES = ['all', 'ingest', 'worker'];

export const startCommand: Command = {
  name: 'start',
  summary: 'Poststelle als Dienst starten (Hot-Folder, Worker) – mit --demo und einem Demo-Stapel',
  usage: `usage: poststelle start [--demo] [--role all|ingest|worker] [--port N] [--data-dir DIR] [--org FILE]
  all: watch the hot folders, work the queues and serve the UI (--port, default 8420); ingest: only
  watch and take files in; worker: only work the queues (scale these); the UI alone: poststelle ui. --demo drops a few generated letters into the standard hot folder.
  SIGTERM/SIGINT: stop taking work, let active jobs finish (POSTSTELLE_SHUTDOWN_GRACE_SECONDS), hand
  back the rest.`,

  async run(args) {
    const a = parse(this, args, {
      demo: { type: 'boolean', default: false },
      role: { type: 'string', default: 'all' },
      'data-dir': { type: 'string' },
      org: { type: 'string' },
      ...portOption,
    });
    if (!a) return 0;
    const role = a.values.role as string;
    if (!ROLES.includes(role)) throw new UsageError(`--role must be all, ingest or worker, got ${role}`);
    const stop = onStopSignal();
    const rt = await startRuntime({
      ...runtimeOptions(
        a.values['data-dir'] as string | undefined,
        a.values.org as string | undefined,
        role !== 'worker',
      ),
      workers: role !== 'ingest',
    });
    const standard = rt.hotFolders.get('standard')!;
    const ui = role === 'all' ? await serveUi(rt.ctx, portOf(a.values.port)) : null;
    process.stderr.write(
      `\npoststelle läuft. Scans ablegen in:\n${[...rt.hotFolders].map(([p, d]) => `  ${p}: ${d}`).join('\n')}\nPosteingänge: ${rt.dirs.inbox}\n\n`,
    );
    if (a.values.demo) {
      const { writeDemoBatch } = await import('../tools/letters/demo.ts');
      const files = await writeDemoBatch(standard);
      process.stderr.write(`Demo-Stapel mit ${files} Dateien abgelegt in ${standard}\n`);
    }
    await stop.signal;
    await ui?.close();
    await rt.close(graceMs());
    stop.dispose();
    return 0;
  },
};
