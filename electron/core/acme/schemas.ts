import { z } from '../../../shared/zod.ts';

/**
 * Shapes of the objects a CA sends (RFC 8555 §7.1), checked at the trust boundary. They are
 * lenient where the RFC lets servers extend (unknown fields are kept) and strict where our code
 * relies on a field. Challenges are kept generic: servers add types we do not know, and
 * dns-persist-01 challenges carry no `token` (draft-ietf-acme-dns-persist-01 §3.1).
 */

const httpsUrl = z.string().refine((v) => {
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an https URL');

const rfc3339 = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an RFC 3339 timestamp');

export const identifierSchema = z.looseObject({ type: z.string(), value: z.string() });

export const problemSchema: z.ZodType<ProblemShape> = z.lazy(() =>
  z.looseObject({
    type: z.string().default('about:blank'),
    detail: z.string().optional(),
    title: z.string().optional(),
    status: z.number().optional(),
    instance: z.string().optional(),
    identifier: identifierSchema.optional(),
    subproblems: z.array(problemSchema).optional(),
  }),
);
export interface ProblemShape {
  [field: string]: unknown;
  type: string;
  detail?: string | undefined;
  title?: string | undefined;
  status?: number | undefined;
  instance?: string | undefined;
  identifier?: { type: string; value: string } | undefined;
  subproblems?: ProblemShape[] | undefined;
}

/** RFC 8555 §7.1.1, plus RFC 9773 `renewalInfo`, profiles and the dns-persist-02 meta fields. */
export const directorySchema = z.looseObject({
  newNonce: httpsUrl,
  newAccount: httpsUrl,
  newOrder: httpsUrl,
  newAuthz: httpsUrl.optional(),
  revokeCert: httpsUrl,
  keyChange: httpsUrl,
  renewalInfo: httpsUrl.optional(),
  meta: z
    .looseObject({
      termsOfService: z.string().optional(),
      website: z.string().optional(),
      caaIdentities: z.array(z.string()).optional(),
      externalAccountRequired: z.boolean().optional(),
      /** draft-aaron-acme-profiles: name -> description (string or object). */
      profiles: z.record(z.string(), z.unknown()).optional(),
      /** draft-ietf-acme-dns-persist-02 §3.2. */
      issuerDomainNames: z.array(z.string()).optional(),
      accountHashPrefix: z.string().optional(),
    })
    .optional(),
});
export type Directory = z.infer<typeof directorySchema>;

/** RFC 8555 §7.1.2. */
export const accountSchema = z.looseObject({
  status: z.enum(['valid', 'deactivated', 'revoked']),
  contact: z.array(z.string()).optional(),
  termsOfServiceAgreed: z.boolean().optional(),
  externalAccountBinding: z.unknown().optional(),
  orders: z.string().optional(),
});
export type AccountObject = z.infer<typeof accountSchema>;

/** RFC 8555 §7.1.3, plus `profile` and RFC 9773 §5 `replaces`. */
export const orderSchema = z.looseObject({
  status: z.enum(['pending', 'ready', 'processing', 'valid', 'invalid']),
  expires: rfc3339.optional(),
  identifiers: z.array(identifierSchema),
  notBefore: z.string().optional(),
  notAfter: z.string().optional(),
  error: problemSchema.optional(),
  authorizations: z.array(httpsUrl),
  finalize: httpsUrl,
  certificate: httpsUrl.optional(),
  profile: z.string().optional(),
  replaces: z.string().optional(),
});
export type OrderObject = z.infer<typeof orderSchema>;

/** RFC 8555 §7.1.5: only the fields every challenge has; the rest stays available as raw JSON. */
export const challengeSchema = z.looseObject({
  type: z.string(),
  url: httpsUrl,
  status: z.enum(['pending', 'processing', 'valid', 'invalid']),
  validated: z.string().optional(),
  error: problemSchema.optional(),
  token: z.string().optional(),
});
export type ChallengeObject = z.infer<typeof challengeSchema>;

/** RFC 8555 §7.1.4. */
export const authorizationSchema = z.looseObject({
  identifier: identifierSchema,
  status: z.enum(['pending', 'valid', 'invalid', 'deactivated', 'expired', 'revoked']),
  expires: z.string().optional(),
  challenges: z.array(z.unknown()),
  wildcard: z.boolean().optional(),
});
export interface AuthorizationObject {
  [field: string]: unknown;
  identifier: { type: string; value: string };
  status: z.infer<typeof authorizationSchema>['status'];
  expires?: string | undefined;
  wildcard?: boolean | undefined;
  /** Challenges this client understands the envelope of; malformed ones are dropped, not fatal. */
  challenges: ChallengeObject[];
}

/** RFC 9773 §4.2. */
export const renewalInfoSchema = z.looseObject({
  suggestedWindow: z.looseObject({ start: rfc3339, end: rfc3339 }),
  explanationURL: z.string().optional(),
});
