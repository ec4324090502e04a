// The `persistcert` executable: everything else is in main.ts so tests can call it in-process.
import type { CommandContext } from './command.ts';
import { fdOutput } from './fd-output.ts';
import { main } from './main.ts';
import { hiddenPrompt } from './prompt.ts';

let prompt: { ask: CommandContext['prompt'] } | undefined;
main(process.argv.slice(2), {
  stdout: fdOutput(1, () => process.stdout),
  stderr: fdOutput(2, () => process.stderr),
  env: process.env,
  // Whether a question can be asked (stdin a terminal) loads node:tty: asked when a verb needs one.
  get prompt() {
    prompt ??= { ask: hiddenPrompt(0, () => ({ input: process.stdin, output: process.stdout })) };
    return prompt.ask;
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`persistcert: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
