/**
 * The RFC 8659 §4.2 issue-value grammar, shared by CAA `issue`/`issuewild` properties and by
 * dns-persist-01 records (draft-ietf-acme-dns-persist-01 §4 builds on it):
 *
 *   issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]
 *   parameter   = tag *WSP "=" *WSP value ; value = *(%x21-3A / %x3C-7E)
 */
export type IssueValueParse =
  { ok: true; issuer: string; params: Map<string, string> } | { ok: false; error: string; issuer: string | undefined };

const WSP = /^[ \t]+|[ \t]+$/g;
const LDH_LABEL = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*$/;
const TAG = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*$/;
const VALUE = /^[\x21-\x3a\x3c-\x7e]*$/;

/**
 * Parses an issue-value. The issuer is lowercased with a trailing dot removed (how Boulder
 * compares); an empty issuer is allowed (in CAA it means "no CA"). Tags are lowercased and a
 * repeated tag is an error (Pebble and lego reject any duplicate). `bareIssuerSemicolon` says
 * whether "issuer;" with nothing after is acceptable (CAA yes, dns-persist no).
 */
export function parseIssueValue(text: string, options: { bareIssuerSemicolon: boolean }): IssueValueParse {
  const [head = '', ...params] = text.split(';');
  const issuerRaw = head.replace(WSP, '');
  const issuer = issuerRaw.toLowerCase().replace(/\.$/, '');
  if (issuerRaw !== '' && !issuer.split('.').every((l) => LDH_LABEL.test(l))) {
    return { ok: false, issuer, error: `"${issuerRaw}" is not a valid issuer domain name (letters, digits, inner hyphens and dots only)` };
  }
  const fail = (error: string): IssueValueParse => ({ ok: false, issuer, error });
  const seen = new Map<string, string>();
  if (params.length === 1 && params[0]!.replace(WSP, '') === '' && options.bareIssuerSemicolon) return { ok: true, issuer, params: seen };
  for (const rawParam of params) {
    const param = rawParam.replace(WSP, '');
    if (param === '') {
      return fail(params.length === 1 ? 'Nothing follows ";"' : 'There is an empty parameter or a trailing ";"; remove the extra ";"');
    }
    const eq = param.indexOf('=');
    if (eq < 0) return fail(`"${param}" is not a tag=value pair; write it as tag=value`);
    const tagRaw = param.slice(0, eq).replace(WSP, '');
    const value = param.slice(eq + 1).replace(WSP, '');
    if (!TAG.test(tagRaw)) return fail(`"${tagRaw}" is not a valid parameter name (letters, digits and inner hyphens)`);
    if (!VALUE.test(value)) {
      return fail(
        `The value of ${tagRaw} contains a space, a control or a non-ASCII character; values may only use visible ASCII without ";"`,
      );
    }
    const tag = tagRaw.toLowerCase();
    if (seen.has(tag)) return fail(`The parameter ${tagRaw} appears twice; keep only one`);
    seen.set(tag, value);
  }
  return { ok: true, issuer, params: seen };
}
