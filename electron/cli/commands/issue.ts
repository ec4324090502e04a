import { isKeyType, KEY_TYPES, type KeyType } from '../../core/crypto/keys.ts';
import { PersistRejectedError, PreflightError } from '../../core/persist/persist-issuance.ts';
import type { CertificateRecord } from '../../core/store/schema.ts';
import { DuplicateCertificateError, issueCertificate, planIssue } from '../../core/usecases/issue.ts';
import { EXIT, UsageError, listOption, stringOption, type Command, type CommandContext } from '../command.ts';
import { openCore } from '../context.ts';
import { checkerFor } from '../dns-options.ts';
import { checkNames, namesOption } from '../names-option.ts';
import { exitCodeFor } from '../errors.ts';
import { batchProgress } from '../progress.ts';

/** `persistcert issue`: one certificate for several names, or a batch of certificates in parallel. */
export const issueCommand: Command = {
  usage: [
    'persistcert issue -d <name> [-d <name>]... [--key-type ec-p256] [--profile <p>] [--no-precheck] [--dns …]',
    '                        [--replace <id> | --allow-duplicate]',
    '       persistcert issue --cert <name,name> [--cert <name>]... [--parallel 8] [--skip-existing | --allow-duplicate]',
    '',
    'Names that already have a valid certificate are refused (exit code 2): renew that certificate',
    '(persistcert renew <id>), or replace it (--replace <id>: the new one takes over its renewal and',
    'deploy settings and the old one stops renewing), or add --allow-duplicate for a second one.',
    'A batch that partly failed can be run again as it was with --skip-existing: what was issued is left out.',
  ].join('\n'),
  options: {
    domain: { type: 'string', short: 'd', multiple: true },
    cert: { type: 'string', multiple: true },
    account: { type: 'string' },
    'key-type': { type: 'string' },
    profile: { type: 'string' },
    parallel: { type: 'string' },
    'no-precheck': { type: 'boolean' },
    replace: { type: 'string' },
    'allow-duplicate': { type: 'boolean' },
    'skip-existing': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    verbose: { type: 'boolean', short: 'v' },
  },
  help: {
    domain: 'a name on the certificate (repeat for more; wildcards as *.example.com)',
    cert: 'one certificate of a batch, its names comma-separated (repeat for more certificates)',
    account: 'which account (id or URL) when there are several',
    'key-type': `certificate key: ${KEY_TYPES.join(', ')} (default ec-p256)`,
    profile: 'an ACME profile the CA offers',
    parallel: 'certificates issued at once in a batch (default 16)',
    'no-precheck': 'skip our own DNS check before asking the CA',
    replace: 'the id of the valid certificate for these names that the new one replaces (it keeps its renewal and deploy settings)',
    'allow-duplicate': 'issue even though these names already have a valid certificate (the two then renew on their own)',
    'skip-existing': 'leave out the certificates whose names already have a valid one, and issue the rest',
    quiet: 'print only failures (and --json output)',
    verbose: 'in a batch on a terminal, also print each certificate as it is issued',
  },
  async run(ctx) {
    const batches = listOption(ctx.values, 'cert').map((c) => checkNames(c.split(',').filter(Boolean)));
    if (batches.length && listOption(ctx.values, 'domain').length)
      throw new UsageError('Use either -d (one certificate) or --cert (a batch), not both');
    const certs = batches.length ? batches : [namesOption(ctx)];
    const keyTypeText = stringOption(ctx.values, 'key-type') ?? 'ec-p256';
    if (!isKeyType(keyTypeText)) throw new UsageError(`--key-type must be one of ${KEY_TYPES.join(', ')}`);
    const parallel = Number(stringOption(ctx.values, 'parallel') ?? 16);
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
      throw new UsageError('--parallel must be a whole number from 1 to 64');

    const replacesId = stringOption(ctx.values, 'replace');
    const allowDuplicate = ctx.values['allow-duplicate'] === true;
    const skipExisting = ctx.values['skip-existing'] === true;
    if (replacesId !== undefined && certs.length > 1)
      throw new UsageError('--replace replaces one certificate: use it with -d, not with a --cert batch');
    if ([replacesId !== undefined, allowDuplicate, skipExisting].filter(Boolean).length > 1)
      throw new UsageError('Use one of --replace <id>, --allow-duplicate and --skip-existing, not several');

    const core = await openCore(ctx, { readKeysAhead: true });
    const account = core.accounts.find(stringOption(ctx.values, 'account'));
    // Refused before anything is ordered: a batch either starts whole or not at all.
    const { toIssue, skipped } = refuseDuplicates(certs, (names) => core.certificates.covering(names), {
      replacesId,
      allowDuplicate,
      skipExisting,
    });
    const client = await core.accounts.client(account);
    // Without the pre-check the checker still reads the records after a refusal, to explain it.
    const checker = checkerFor(ctx);
    const precheck = ctx.values['no-precheck'] !== true;
    const quiet = ctx.values.json === true || ctx.values.quiet === true;
    // A batch on a terminal gets one live line; elsewhere, one plain line per certificate.
    const progress = batchProgress(ctx.stderr, 'issued', { enabled: certs.length > 1 && !quiet });
    const perItem = !progress.live || ctx.values.verbose === true;
    const results: Result[] = skipped.map((existing) => ({ ok: true, skipped: true, names: existing.names, record: existing }));
    progress.start(toIssue.length);
    try {
      let next = 0;
      const worker = async () => {
        while (next < toIssue.length) {
          const { names, replaces } = toIssue[next++]!;
          try {
            const record = await issueCertificate(
              core,
              { client, checker },
              {
                account,
                names,
                keyType: keyTypeText as KeyType,
                replaces,
                precheck,
                profile: stringOption(ctx.values, 'profile'),
                onProgress: (s) => {
                  if (!quiet && certs.length === 1)
                    ctx.stderr.write(`  ${names[0]}: ${s.step}${'name' in s ? ` ${s.name}` : ''}${'status' in s ? ` ${s.status}` : ''}\n`);
                },
              },
            );
            results.push({ ok: true, names, record });
            progress.item(true);
          } catch (err) {
            if (exitCodeFor(err) === undefined) throw err;
            results.push({ ok: false, names, error: err as Error });
            progress.item(false);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(parallel, toIssue.length) }, worker));
    } finally {
      progress.finish();
      checker?.close();
      client.close();
    }
    report(ctx, results, { perItem: perItem && ctx.values.quiet !== true });
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0) return EXIT.ok;
    if (failed.every((f) => !f.ok && f.error instanceof PreflightError)) return EXIT.notReady;
    // A local problem (a full disk, the keychain) is what the user must fix first: exit 4 says so.
    return failed.some((f) => !f.ok && exitCodeFor(f.error) === EXIT.local) ? EXIT.local : EXIT.failed;
  },
};

/**
 * The app's one-certificate-per-site rule (planIssue), for every certificate asked for; all
 * refusals at once, each with the ways to go on. Returns what to issue (with what each one
 * replaces) and, with --skip-existing, the valid certificates that stand in for the rest.
 */
function refuseDuplicates(
  certs: string[][],
  existing: (names: string[]) => readonly CertificateRecord[],
  o: { replacesId: string | undefined; allowDuplicate: boolean; skipExisting: boolean },
): { toIssue: { names: string[]; replaces: CertificateRecord | undefined }[]; skipped: CertificateRecord[] } {
  const refusals: string[] = [];
  const toIssue: { names: string[]; replaces: CertificateRecord | undefined }[] = [];
  const skipped: CertificateRecord[] = [];
  for (const names of certs) {
    try {
      toIssue.push({
        names,
        replaces: planIssue(existing(names), { names, replacesId: o.replacesId, allowDuplicate: o.allowDuplicate }, Date.now()),
      });
    } catch (err) {
      if (!(err instanceof DuplicateCertificateError)) throw err;
      if (o.skipExisting) skipped.push(err.existing);
      else refusals.push(`${err.message}: id ${err.existing.id}`);
    }
  }
  if (refusals.length === 0) return { toIssue, skipped };
  throw new UsageError(
    [
      `Not issuing: ${refusals.length === 1 ? refusals[0] : `${refusals.length} certificates already exist:\n  ${refusals.join('\n  ')}`}.`,
      'A second certificate for the same names would renew on its own. Either renew it (persistcert renew <id>),',
      'or replace it (persistcert issue -d … --replace <id>: the new one takes over its renewal and deploy settings),',
      'or add --allow-duplicate to issue a second one anyway. To run a batch again and issue only what is missing, add --skip-existing.',
    ].join('\n'),
  );
}

type Result = { ok: true; skipped?: true; names: string[]; record: CertificateRecord } | { ok: false; names: string[]; error: Error };

function report(ctx: CommandContext, results: Result[], { perItem }: { perItem: boolean }): void {
  if (ctx.values.json) {
    ctx.stdout.write(
      JSON.stringify(
        results.map((r) =>
          r.ok
            ? {
                ok: true,
                ...(r.skipped ? { skipped: true } : {}),
                id: r.record.id,
                names: r.record.names,
                serial: r.record.serialHex,
                notAfter: r.record.notAfter,
              }
            : {
                ok: false,
                names: r.names,
                error: r.error.message,
                ...(r.error instanceof PersistRejectedError ? { reason: r.error.reason, problem: r.error.problem.raw } : {}),
              },
        ),
      ) + '\n',
    );
    return;
  }
  const failed = results.filter((r): r is Extract<Result, { ok: false }> => !r.ok);
  const skipped = results.filter((r) => r.ok && r.skipped).length;
  if (perItem) {
    for (const r of results) {
      if (!r.ok) continue;
      const what = r.skipped ? 'Skipped (already valid)' : 'Issued';
      ctx.stdout.write(`${what} ${r.record.names.join(', ')}: id ${r.record.id}, valid until ${r.record.notAfter}\n`);
    }
  }
  if (results.length > 1) {
    const issued = results.length - failed.length - skipped;
    const left = skipped ? `; ${skipped} already valid, skipped` : '';
    ctx.stdout.write(`${issued} of ${results.length} certificates issued${left}${failed.length ? `; ${failed.length} failed:` : '.'}\n`);
  }
  // The failures last, each with its message (which says what to fix), so none scrolls away.
  for (const r of failed) ctx.stderr.write(`Failed ${r.names.join(', ')}: ${r.error.message}\n`);
  if (failed.length && results.length > 1) ctx.stderr.write('Run the same command again with --skip-existing to issue only what failed.\n');
  if (results.some((r) => r.ok && !r.skipped) && ctx.values.quiet !== true)
    ctx.stdout.write('Export with: persistcert export <id or name> --format pem|pfx --out …\n');
}
