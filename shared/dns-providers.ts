/**
 * Well-known DNS hosting providers, recognised by the host names of a zone's NS records, and what
 * each one's "add a TXT record" form wants: which field takes the name and in what form, whether
 * the value needs quotes, whether long values (over 255 octets, RFC 1035 §3.3) are split for you,
 * and the TTL. Plain data: every entry names the provider's own help page it was written from.
 */

export interface DnsProvider {
  id: string;
  name: string;
  /** Matched against each NS host name, lower case without the trailing dot. */
  ns: RegExp[];
  /** Where the form lives in the provider's control panel. */
  where: string;
  /** The labels of the form's fields. */
  fields: { type: string; name: string; value: string; ttl: string };
  /** 'relative': the part before the zone ("@" for the zone itself); 'fqdn': the whole name. */
  nameForm: 'relative' | 'fqdn';
  /** What happens when the name is typed another way. */
  nameNote?: string;
  /** 'required': enter the value in double quotes; 'none': without (the provider adds them). */
  quotes: 'required' | 'none';
  /** Whether the provider cuts a value over 255 octets into character-strings itself; null: not documented. */
  splitsLongValues: boolean | null;
  /** What to choose in the TTL field (usually the provider's default: the record stays for years). */
  ttl: string;
  /** The provider's own help page for TXT records (the source of this entry). */
  helpUrl: string;
}

export const DNS_PROVIDERS: readonly DnsProvider[] = [
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    ns: [/^[a-z]+\.ns\.cloudflare\.com$/],
    where: 'Cloudflare dashboard → your domain → DNS → Records → Add record',
    fields: { type: 'Type', name: 'Name', value: 'Content', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Cloudflare also accepts the full name and shortens it.',
    quotes: 'none',
    splitsLongValues: true,
    ttl: 'Auto',
    helpUrl: 'https://developers.cloudflare.com/dns/manage-dns-records/how-to/create-dns-records/',
  },
  {
    id: 'route53',
    name: 'Amazon Route 53',
    ns: [/^ns-\d+\.awsdns-\d+\.(com|net|org|co\.uk)$/],
    where: 'AWS console → Route 53 → Hosted zones → your zone → Create record',
    fields: { type: 'Record type', name: 'Record name', value: 'Value', ttl: 'TTL (seconds)' },
    nameForm: 'relative',
    nameNote: 'The zone name is shown after the box and added for you.',
    quotes: 'required',
    splitsLongValues: false,
    ttl: '300 (the default) or 3600',
    helpUrl: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#TXTFormat',
  },
  {
    id: 'google-cloud-dns',
    name: 'Google Cloud DNS',
    ns: [/^ns-cloud-[a-e][1-4]\.googledomains\.com$/],
    where: 'Google Cloud console → Network services → Cloud DNS → your zone → Add standard',
    fields: { type: 'Resource record type', name: 'DNS name', value: 'TXT data', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'The zone name is shown after the box and added for you.',
    quotes: 'required',
    splitsLongValues: false,
    ttl: '300 (the default)',
    helpUrl: 'https://cloud.google.com/dns/docs/records',
  },
  {
    id: 'squarespace',
    name: 'Squarespace Domains (formerly Google Domains)',
    ns: [/^ns-cloud-[a-e][1-4]\.googledomains\.com$/],
    where: 'Squarespace → Domains → your domain → DNS → DNS settings → Add record',
    fields: { type: 'Type', name: 'Host', value: 'Data', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Use "@" for the domain itself; the domain is added for you.',
    quotes: 'none',
    splitsLongValues: true,
    ttl: 'Leave the default (4 hrs)',
    helpUrl: 'https://support.squarespace.com/hc/en-us/articles/360002101888-Adding-custom-DNS-records-to-your-Squarespace-managed-domain',
  },
  {
    id: 'azure',
    name: 'Azure DNS',
    ns: [/^ns[1-4]-\d+\.azure-dns\.(com|net|org|info)$/],
    where: 'Azure portal → DNS zones → your zone → + Record set',
    fields: { type: 'Type', name: 'Name', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'The zone name is shown after the box and added for you.',
    quotes: 'none',
    splitsLongValues: true,
    ttl: '1 hour (the default)',
    helpUrl: 'https://learn.microsoft.com/azure/dns/dns-zones-records#txt-records',
  },
  {
    id: 'digitalocean',
    name: 'DigitalOcean',
    ns: [/^ns[1-3]\.digitalocean\.com$/],
    where: 'DigitalOcean control panel → Networking → Domains → your domain → TXT',
    fields: { type: 'Record type', name: 'Hostname', value: 'Value', ttl: 'TTL (seconds)' },
    nameForm: 'relative',
    nameNote: 'Use "@" for the domain itself; the domain is added for you.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: '3600 (the default)',
    helpUrl: 'https://docs.digitalocean.com/products/networking/dns/how-to/manage-records/',
  },
  {
    id: 'gandi',
    name: 'Gandi',
    ns: [/^ns-\d+-[a-c]\.gandi\.net$/, /^[a-z]\.dns\.gandi\.net$/],
    where: 'Gandi admin → Domain → your domain → DNS Records → Add record',
    fields: { type: 'Type', name: 'Name', value: 'Text value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Use "@" for the domain itself; the domain is added for you.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: '10800 (the default)',
    helpUrl: 'https://docs.gandi.net/en/domain_names/common_operations/dns_records.html',
  },
  {
    id: 'ovh',
    name: 'OVHcloud',
    ns: [/^(dns|ns)\d*\.ovh\.(net|ca|us)$/, /^(dns|ns)\d+\.anycast\.me$/],
    where: 'OVHcloud Control Panel → Web Cloud → Domain names → your domain → DNS zone → Add an entry → TXT',
    fields: { type: 'Field type', name: 'Sub-domain', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'The domain is shown after the box and added for you; leave it empty for the domain itself.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: 'Default',
    helpUrl: 'https://help.ovhcloud.com/csm/en-dns-edit-dns-zone',
  },
  {
    id: 'hetzner',
    name: 'Hetzner',
    ns: [/^(hydrogen|oxygen|helium)\.ns\.hetzner\.(com|de)$/, /^ns\d*\.your-server\.de$/, /^ns\d*\.second-ns\.(com|de)$/],
    where: 'Hetzner Console → DNS → your zone → Add record',
    fields: { type: 'Type', name: 'Name', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Use "@" for the domain itself; the zone is added for you.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: 'Default (zone TTL)',
    helpUrl: 'https://docs.hetzner.com/dns-console/dns/general/dns-overview/',
  },
  {
    id: 'godaddy',
    name: 'GoDaddy',
    ns: [/^ns\d+\.domaincontrol\.com$/],
    where: 'GoDaddy → Domain Portfolio → your domain → DNS → Add New Record',
    fields: { type: 'Type', name: 'Name', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Type only the part shown: GoDaddy adds your domain, so the full name would end up doubled.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: '1 Hour (the default)',
    helpUrl: 'https://www.godaddy.com/help/add-a-txt-record-19232',
  },
  {
    id: 'namecheap',
    name: 'Namecheap',
    ns: [/^(dns|pdns)\d+\.registrar-servers\.com$/],
    where: 'Namecheap → Domain List → Manage → Advanced DNS → Add New Record → TXT Record',
    fields: { type: 'Type', name: 'Host', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Type only the part shown: Namecheap adds your domain ("@" is the domain itself).',
    quotes: 'none',
    splitsLongValues: null,
    ttl: 'Automatic',
    helpUrl: 'https://www.namecheap.com/support/knowledgebase/article.aspx/317/2237/how-do-i-add-txtspfdkimdmarc-records-for-my-domain/',
  },
  {
    id: 'porkbun',
    name: 'Porkbun',
    ns: [/^[a-z]+\.ns\.porkbun\.com$/],
    where: 'Porkbun → Domain Management → your domain → DNS',
    fields: { type: 'Type', name: 'Host', value: 'Answer', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'The domain is shown after the box and added for you; leave it empty for the domain itself.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: '600 (the default)',
    helpUrl: 'https://kb.porkbun.com/article/54-how-to-manage-dns-records',
  },
  {
    id: 'desec',
    name: 'deSEC',
    ns: [/^ns[12]\.desec\.(io|org)$/],
    where: 'deSEC → Domains → your domain → + (add record set)',
    fields: { type: 'Type', name: 'Subname', value: 'Content', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Leave it empty for the domain itself; the domain is added for you.',
    quotes: 'required',
    splitsLongValues: false,
    ttl: '3600 (the minimum deSEC allows)',
    helpUrl: 'https://desec.readthedocs.io/en/latest/dns/rrsets.html',
  },
  {
    id: 'ionos',
    name: 'IONOS',
    ns: [/^ns\d+\.ui-dns\.(com|de|org|biz)$/],
    where: 'IONOS → Domains & SSL → your domain → DNS → Add record → TXT',
    fields: { type: 'Type', name: 'Host name', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Use "@" for the domain itself; the domain is added for you.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: '1 hour (the default)',
    helpUrl: 'https://www.ionos.com/help/domains/configuring-your-ip-address/adding-txt-records/',
  },
  {
    id: 'linode',
    name: 'Akamai Cloud (Linode)',
    ns: [/^ns[1-5]\.linode\.com$/],
    where: 'Cloud Manager → Domains → your domain → TXT Record → Add a TXT Record',
    fields: { type: 'Type', name: 'Hostname', value: 'Value', ttl: 'TTL' },
    nameForm: 'relative',
    nameNote: 'Leave it empty for the domain itself; the domain is added for you.',
    quotes: 'none',
    splitsLongValues: null,
    ttl: 'Default',
    helpUrl: 'https://techdocs.akamai.com/cloud-computing/docs/manage-dns-records',
  },
];

export function providerById(id: string): DnsProvider | undefined {
  return DNS_PROVIDERS.find((p) => p.id === id);
}

/**
 * The providers that serve a zone with these NS host names: every name must match one of the
 * provider's patterns, so a zone split across providers (or served by its owner) matches none.
 * Several providers may share name servers (Squarespace Domains runs on Google Cloud DNS).
 */
export function providersForNameservers(nameservers: readonly string[]): DnsProvider[] {
  const names = nameservers.map((n) => n.toLowerCase().replace(/\.$/, '')).filter(Boolean);
  if (names.length === 0) return [];
  return DNS_PROVIDERS.filter((p) => names.every((n) => p.ns.some((re) => re.test(n))));
}
