/** The program's version (package.json's); the launcher answers `--version` with it without loading the CLI. */
export const VERSION = '0.1.0';
