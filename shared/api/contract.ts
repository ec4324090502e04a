import { z } from '../zod.ts';
import { EVENT_NAMES, METHOD_NAMES } from './names.ts';

export { EVENT_NAMES, METHOD_NAMES };
import type { CaPreset } from '../ca-presets.ts';
import type {
  AccountView,
  AppInfo,
  CaInfo,
  CertificateDetailsView,
  CertificateView,
  DnsHostView,
  IssueStepView,
  PreflightView,
  RecordsView,
  RenewalOutcomeView,
  RenewalOverview,
  RenewalSettingsView,
  Settings,
} from './views.ts';

/**
 * The one contract between the UI and the main process. Every call the UI can make is here,
 * with a schema for its parameters (checked by main, since the renderer is untrusted) and the
 * type of its result; every event main pushes is here with its payload. The Electron preload
 * and the loopback web host's client both implement `PersistCertApi`, so the renderer cannot
 * tell them apart.
 */

const id = z.string().min(1).max(200);
const names = z.array(z.string().min(1).max(300)).min(1).max(100);
const keyType = z.enum(['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096']);
const secret = z.string().max(1024);

/** A method's result type, carried by the contract entry as a type only (nothing at run time). */
interface Returns<T> {
  readonly result?: T;
}
const returns = <T>(): Returns<T> => ({});
type ResultOf<R> = R extends Returns<infer T> ? T : never;

/**
 * Where the New certificate wizard stands, saved by the core so a reload, a new window or a
 * restart resumes it. Choices and ids only: never a secret (no EAB key), never a record value.
 */
export const wizardDraftSchema = z
  .object({
    step: z.enum(['ca', 'account', 'names', 'record', 'check', 'issue', 'export']),
    reached: z.number().int().min(0).max(6),
    presetId: z.string().max(100),
    staging: z.boolean(),
    customUrl: z.string().max(2000),
    agreed: z.boolean(),
    accountId: id.nullable(),
    namesText: z.string().max(40_000),
    replacesId: id.nullable(),
    persistUntil: z.number().int().positive().nullable(),
    /** The record was published with "Publish it for me" (the demo); a user's own DNS is not known. */
    published: z.boolean(),
    keyType,
    /** The certificate this wizard issued, once it has. */
    certificateId: id.nullable(),
  })
  .strict();
export type WizardDraft = z.infer<typeof wizardDraftSchema>;

const settingsSchema = z.object({
  resolvers: z.array(z.string().min(1).max(300)).max(10),
  notifyOnSuccess: z.boolean(),
  launchAtLogin: z.boolean(),
  renewalsPaused: z.boolean(),
  webhookUrl: z.string().max(2000),
});

/**
 * Every method once: its parameters' schema (checked by main: the renderer is untrusted) and the
 * type of its result.
 */
export const contract = {
  appInfo: { params: z.object({}), result: returns<AppInfo>() },
  caPresets: { params: z.object({}), result: returns<CaPreset[]>() },
  inspectCa: { params: z.object({ directoryUrl: z.string().min(8).max(2000) }), result: returns<CaInfo>() },
  listAccounts: { params: z.object({}), result: returns<AccountView[]>() },
  createAccount: {
    params: z.object({
      directoryUrl: z.string().min(8).max(2000),
      contact: z.array(z.string().max(320)).max(5),
      agreeToTerms: z.boolean(),
      eab: z.object({ kid: z.string().min(1).max(500), hmacKey: secret.min(1) }).optional(),
      keyType: keyType.optional(),
    }),
    result: returns<AccountView>(),
  },
  backupAccount: { params: z.object({ accountId: id, passphrase: secret }), result: returns<{ fileName: string; content: string }>() },
  declineBackup: { params: z.object({ accountId: id }), result: returns<AccountView>() },
  restoreAccount: { params: z.object({ content: z.string().min(2).max(1_000_000), passphrase: secret }), result: returns<AccountView>() },
  rolloverAccount: { params: z.object({ accountId: id }), result: returns<AccountView>() },
  buildRecords: {
    params: z.object({ accountId: id, names, persistUntil: z.number().int().positive().optional() }),
    result: returns<RecordsView>(),
  },
  /** Which DNS provider hosts each name's zone (from its NS names), for provider-specific instructions. */
  dnsHosts: { params: z.object({ names }), result: returns<DnsHostView[]>() },
  runCheck: { params: z.object({ accountId: id, names, offerCheck: z.boolean() }), result: returns<PreflightView[]>() },
  /** Names that already have a valid certificate are refused unless replacesCertificateId names it: the new one then takes its place and its renewal settings. */
  startIssue: {
    params: z.object({ accountId: id, names, keyType, replacesCertificateId: id.optional() }),
    result: returns<{ jobId: string }>(),
  },
  /** Every certificate without its history (with thousands stored, the history was a quarter of this answer). */
  listCertificates: { params: z.object({}), result: returns<CertificateView[]>() },
  /** One certificate with its history, for its details. */
  getCertificate: { params: z.object({ certificateId: id }), result: returns<CertificateDetailsView>() },
  exportPem: {
    params: z.object({
      certificateId: id,
      dir: z.string().min(1).max(4096),
      keyFormat: z.enum(['pkcs8', 'sec1', 'pkcs1']),
      overwrite: z.boolean(),
    }),
    result: returns<{ files: { role: string; path: string }[] }>(),
  },
  exportPfx: {
    params: z.object({
      certificateId: id,
      path: z.string().min(1).max(4096),
      compatibility: z.enum(['modern', 'legacy']),
      password: secret.optional(),
      allowEmptyPassword: z.boolean(),
      overwrite: z.boolean(),
    }),
    result: returns<{ path: string; password: string | null; generated: boolean }>(),
  },
  /** A native folder or save dialog in the desktop app; the browser host has none (null). */
  pickExportPath: {
    params: z.object({ kind: z.enum(['folder', 'pfx']), suggested: z.string().max(4096) }),
    result: returns<{ path: string | null }>(),
  },
  revokeCertificate: {
    params: z.object({
      certificateId: id,
      reason: z.enum(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn']),
      confirm: z.string().max(300),
    }),
    result: returns<CertificateView>(),
  },
  getSettings: { params: z.object({}), result: returns<Settings>() },
  /** Changes the settings it names and keeps the rest, in one step: two writers (the tray, a page) never undo each other. */
  patchSettings: {
    params: settingsSchema
      .partial()
      .strict()
      .refine((p) => Object.keys(p).length > 0, { message: 'name at least one setting to change' }),
    result: returns<Settings>(),
  },
  renewalOverview: { params: z.object({}), result: returns<RenewalOverview>() },
  /** Renews now: one certificate, or every due one; `force` renews even when not due. */
  /**
   * Starts a renewal run and answers at once; its outcomes arrive as renewal.outcome events and its
   * end as renewal.run-finished, each carrying the runId the caller chose (so no event can arrive
   * before the caller knows what to wait for).
   */
  renewNow: {
    params: z.object({
      runId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a run id of 8 to 64 letters, digits or hyphens'),
      certificateId: id.optional(),
      force: z.boolean(),
    }),
    result: returns<{ runId: string }>(),
  },
  getRenewalSettings: { params: z.object({ certificateId: id }), result: returns<RenewalSettingsView>() },
  setRenewalSettings: {
    params: z.object({
      certificateId: id,
      autoRenew: z.boolean(),
      reuseKey: z.boolean(),
      pem: z.object({ dir: z.string().min(1).max(4096), keyFormat: z.enum(['pkcs8', 'sec1', 'pkcs1']) }).nullable(),
      /** A new password replaces the stored one; omitted keeps it; '' means an empty password. */
      pfx: z
        .object({ path: z.string().min(1).max(4096), compatibility: z.enum(['modern', 'legacy']), password: secret.optional() })
        .nullable(),
      command: z.object({ run: z.string().min(1).max(4000), timeoutSec: z.number().int().min(1).max(3600) }).nullable(),
      backupAccountId: id.nullable(),
      failoverAfter: z.number().int().min(1).max(20),
      /** host:port[,sni=name][,starttls=smtp|imap], checked after each deploy; omitted keeps them. */
      verifyEndpoints: z.array(z.string().min(1).max(600)).max(20).optional(),
      /** Seconds to wait for servers to reload before the verdict; omitted keeps it. */
      verifyWaitSec: z.number().int().min(0).max(3600).optional(),
    }),
    result: returns<RenewalSettingsView>(),
  },
  demoPublish: {
    params: z.object({ name: z.string().min(1).max(300), value: z.string().min(1).max(4000) }),
    result: returns<{ published: string }>(),
  },
  getWizardDraft: { params: z.object({}), result: returns<{ draft: WizardDraft | null; savedAt: string | null }>() },
  /** null: the wizard was finished or started over, nothing to resume. */
  saveWizardDraft: { params: z.object({ draft: wizardDraftSchema.nullable() }), result: returns<{ savedAt: string | null }>() },
} as const;

export type MethodName = keyof typeof contract;

// Compile-time proof that names.ts lists exactly the methods of the schema table, no more, no less.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _methodNamesMatch: Same<(typeof METHOD_NAMES)[number], MethodName> = true;
const _eventNamesMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
void _methodNamesMatch;
void _eventNamesMatch;
export type MethodParams<M extends MethodName> = z.infer<(typeof contract)[M]['params']>;

export type MethodResults = { [M in MethodName]: ResultOf<(typeof contract)[M]['result']> };

/** Events main pushes to every UI. */
export interface EventPayloads {
  'issue.progress': { jobId: string; progress: IssueStepView };
  'issue.finished': { jobId: string; certificate?: CertificateView; error?: ApiErrorBody };
  'certificates.changed': { certificates: CertificateView[] };
  /** The renewal picture changed (a run started or ended, a setting changed). */
  'renewal.changed': RenewalOverview;
  /** One certificate's result in a renewal run, as it happens (runId: the renewNow that asked for it; none for unattended runs). */
  'renewal.outcome': RenewalOutcomeView & { runId?: string };
  /** A renewNow run ended: how many outcomes it sent and how many renewed, or why it could not run. */
  'renewal.run-finished': { runId: string; outcomes: number; renewed: number; error: ApiErrorBody | null };
}
export type EventName = keyof EventPayloads;

export type { ApiErrorBody, ApiResult } from './api-error.ts';
export { ApiError } from './api-error.ts';
import type { ApiErrorBody, ApiResult } from './api-error.ts';

/** The API as the renderer sees it: one named async function per method, plus events. */
export type PersistCertApi = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResults[M]>;
} & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** Parses untrusted parameters for a method; the error names the field and what is wrong. */
export function parseParams<M extends MethodName>(method: M, params: unknown): ApiResult<MethodParams<M>> {
  const schema = contract[method].params;
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as MethodParams<M> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the request';
  return { ok: false, error: { code: 'bad-request', message: `${method}: ${where} ${issue?.message ?? 'is invalid'}` } };
}

/** Methods only the demo registers (`npm run demo`): the product's handler answers them as unknown. */
export const DEMO_ONLY_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['demoPublish']);

export function isMethodName(v: unknown): v is MethodName {
  return typeof v === 'string' && Object.hasOwn(contract, v);
}
