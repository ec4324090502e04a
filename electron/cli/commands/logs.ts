import { logFilePath } from '../../core/logs/log-file.ts';
import { followLog, tailLog } from '../../core/logs/log-reader.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { dataDirOption } from '../context.ts';

/** `persistcert logs`: the log the app, serve, start and the daemon write in the data dir. */
export const logsCommand: Command = {
  usage: 'persistcert logs [--lines <n>] [--follow]   (the file: <data dir>/logs/persistcert.log, rotated at 1 MiB)',
  options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
  help: { lines: 'how many of the last lines to show (default 50)', follow: 'keep printing new lines until Ctrl-C' },
  async run(ctx) {
    const text = stringOption(ctx.values, 'lines');
    const count = text === undefined ? 50 : Number(text);
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new UsageError('--lines must be a whole number from 0 to 100000');
    const dataDir = dataDirOption(ctx);
    const lines = await tailLog(dataDir, count);
    if (lines.length === 0 && ctx.values.follow !== true) {
      ctx.stderr.write(`No log yet at ${logFilePath(dataDir)} (the desktop app, serve, start and the daemon write it)\n`);
      return EXIT.ok;
    }
    for (const line of lines) ctx.stdout.write(line + '\n');
    // The reader went away (`logs -f | grep -m1 …`): stop following, as tail -f would on SIGPIPE.
    if (ctx.values.follow === true && ctx.stdout.writable !== false) {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const following = followLog(
          dataDir,
          (more) => {
            more.forEach((l) => ctx.stdout.write(l + '\n'));
            if (ctx.stdout.writable === false) stop.abort();
          },
          stop.signal,
        );
        ctx.stderr.write(`Following ${logFilePath(dataDir)} (Ctrl-C stops)\n`);
        await following;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }
    return EXIT.ok;
  },
};
