import { lazyBuiltin } from '../core/lazy-builtin.ts';

const readline = lazyBuiltin<typeof import('node:readline')>('node:readline');
// node:tty brings net and stream (~3 ms): loaded when a verb wants to know whether it may ask.
const tty = lazyBuiltin<typeof import('node:tty')>('node:tty');

/**
 * Asks for a secret on the terminal without echoing it. Only offered when stdin is a terminal, so
 * scripts and cron never hang waiting for input. The streams and readline are set up only when a
 * question is asked: most runs ask none, and building process.stdin alone costs a few ms.
 */
export function hiddenPrompt(
  fd: number,
  streams: () => { input: NodeJS.ReadStream; output: NodeJS.WriteStream },
): ((question: string) => Promise<string>) | undefined {
  if (!tty().isatty(fd)) return undefined;
  return (question) => {
    const { input, output } = streams();
    return new Promise((resolve) => {
      const rl = readline().createInterface({ input, output, terminal: true });
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
      let asked = false;
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (!asked) {
          asked = true;
          write(s);
        }
      };
      rl.question(question, (answer) => {
        rl.close();
        output.write('\n');
        resolve(answer);
      });
    });
  };
}
