import * as zod from 'zod';

// Every runtime schema is built from this module, so the flag is set before any of them exists
// (zod reads it when a schema is constructed). zod otherwise generates a parser with `new Function`
// the first time each object schema parses: a CLI process parses most schemas a few times, so the
// generated code costs more than it saves (docs/decisions/0016-zod-without-jit.md), and a page
// under a strict CSP reports even zod's probe for `new Function`.
zod.config({ jitless: true });

/**
 * The part of zod's API the code uses, named one by one rather than handing on zod's own `z`:
 * bundled, a namespace object used as a value keeps every export it names (JSON Schema conversion,
 * ~60 locales, the whole core), where property reads of it keep only what they read
 * (docs/decisions/0013-cli-code-cache.md). A constructor not listed here is a type error, not a
 * silent gap: add it to the list.
 */
export const z = {
  array: zod.array,
  boolean: zod.boolean,
  discriminatedUnion: zod.discriminatedUnion,
  enum: zod.enum,
  lazy: zod.lazy,
  literal: zod.literal,
  looseObject: zod.looseObject,
  NEVER: zod.NEVER,
  number: zod.number,
  object: zod.object,
  record: zod.record,
  string: zod.string,
  unknown: zod.unknown,
};

/** zod's types under the same name, so `z.infer<typeof schema>` reads as it does with zod's own `z`. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- type-only, merged with the value above
export declare namespace z {
  export type infer<T> = zod.infer<T>;
  export type ZodType<Output = unknown, Input = unknown> = zod.ZodType<Output, Input>;
}
