import type { EndpointResult } from '../core/verify/verify-deploy.ts';

/** One endpoint's verification as the CLI prints it (verify, deploy): the verdict, then the fix. */
export function describeEndpointResult(r: EndpointResult): string {
  switch (r.status) {
    case 'serving':
      return `${r.endpoint}: serving the current certificate${r.chainComplete ? '' : `, but ${r.missingIntermediates} intermediate certificate(s) are missing from the served chain: serve the full chain file (fullchain.pem)`}`;
    case 'old-certificate':
      return `${r.endpoint}: still serving the old certificate (serial ${r.servedSerial}, valid until ${r.servedNotAfter}) after ${r.attempts} attempt(s)\n  fix: ${r.fix}`;
    case 'other-certificate':
      return `${r.endpoint}: serving another certificate (serial ${r.servedSerial}, names ${r.servedNames.join(', ')})\n  fix: ${r.fix}`;
    case 'unreachable':
      return `${r.endpoint}: unreachable (${r.reason})\n  fix: ${r.fix}`;
  }
}
