// The `persistcert` executable: everything else is in main.ts so tests can call it in-process.
import { main } from './main.ts';
import { hiddenPrompt } from './prompt.ts';

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  prompt: hiddenPrompt(0, () => ({ input: process.stdin, output: process.stdout })),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`persistcert: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
