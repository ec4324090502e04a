import { config } from 'zod';

// Imported first by the CLI entry, before any schema is built (zod reads the flag when a schema is
// constructed). zod generates a parser with `new Function` the first time each object schema
// parses; a CLI process parses most schemas a few times, so the generated code costs more than it
// saves.
config({ jitless: true });
