import { config, z } from 'zod';

// Every runtime schema is built from this module, so the flag is set before any of them exists
// (zod reads it when a schema is constructed). zod otherwise generates a parser with `new Function`
// the first time each object schema parses: a CLI process parses most schemas a few times, so the
// generated code costs more than it saves (docs/decisions/0016-zod-without-jit.md), and a page
// under a strict CSP reports even zod's probe for `new Function`.
config({ jitless: true });

export { z };
