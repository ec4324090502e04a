import {
  array,
  boolean,
  config,
  discriminatedUnion,
  enum as enumOf,
  lazy,
  literal,
  looseObject,
  NEVER,
  number,
  object,
  record,
  string,
  unknown,
} from 'zod';
import type * as zod from 'zod';

// Every runtime schema is built from this module, so the flag is set before any of them exists
// (zod reads it when a schema is constructed). zod otherwise generates a parser with `new Function`
// the first time each object schema parses: a CLI process parses most schemas a few times, so the
// generated code costs more than it saves (docs/decisions/0016-zod-without-jit.md), and a page
// under a strict CSP reports even zod's probe for `new Function`.
config({ jitless: true });

/**
 * The part of zod's API the code uses, named one by one rather than through zod's `z` namespace:
 * bundled, a namespace object keeps every export it names (JSON Schema conversion, ~60 locales,
 * the whole core), so a command's bundle would carry and set up all of zod
 * (docs/decisions/0013-cli-code-cache.md). A constructor not listed here is a type error, not a
 * silent gap: add it to the list.
 */
export const z = {
  array,
  boolean,
  discriminatedUnion,
  enum: enumOf,
  lazy,
  literal,
  looseObject,
  NEVER,
  number,
  object,
  record,
  string,
  unknown,
};

/** zod's types under the same name, so `z.infer<typeof schema>` reads as it does with zod's own `z`. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- type-only, merged with the value above
export declare namespace z {
  export type infer<T> = zod.infer<T>;
  export type ZodType<Output = unknown, Input = unknown> = zod.ZodType<Output, Input>;
}
