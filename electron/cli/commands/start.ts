import type { Command } from '../command.ts';
import { EXIT } from '../command.ts';

/**
 * `persistcert start`, run by `npm start`. The desktop shell and the loopback web host arrive
 * with the desktop-app work; until then this says plainly what exists.
 */
export const startCommand: Command = {
  name: 'start',
  summary: 'Start the PersistCert app',
  usage: 'persistcert start',
  options: {},
  async run({ stdout }) {
    stdout.write(
      [
        'PersistCert: the desktop app is not built yet in this version.',
        'What you can use today:',
        '  npx persistcert --help   the command-line interface',
        '  npm run sandbox          a local CA (Pebble) and DNS (BIND) to experiment with, offline',
        '  npm test                 the whole test suite against real Pebble, BIND, keychain and Chromium',
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
