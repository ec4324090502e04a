import readline from 'node:readline';

/**
 * Asks for a secret on the terminal without echoing it. Only offered when stdin is a TTY, so
 * scripts and cron never hang waiting for input.
 */
export function hiddenPrompt(input: NodeJS.ReadStream, output: NodeJS.WriteStream): ((question: string) => Promise<string>) | undefined {
  if (!input.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = readline.createInterface({ input, output, terminal: true });
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
}
