import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DNS_PROVIDERS, providersForNameservers } from '../../shared/dns-providers.ts';
import { nameForForm, providerForm } from '../../shared/dns-provider-form.ts';

// NS host names as the providers hand them out (several zones' worth where a provider has
// several families), and the provider ids each set must be recognised as.
const SAMPLES: [string, string[], string[]][] = [
  ['Cloudflare', ['kiki.ns.cloudflare.com', 'ADA.NS.CLOUDFLARE.COM.'], ['cloudflare']],
  ['Route 53', ['ns-1234.awsdns-12.org', 'ns-567.awsdns-07.net', 'ns-89.awsdns-11.com', 'ns-1800.awsdns-33.co.uk'], ['route53']],
  [
    'Google Cloud DNS / Squarespace',
    ['ns-cloud-a1.googledomains.com', 'ns-cloud-a2.googledomains.com', 'ns-cloud-a3.googledomains.com', 'ns-cloud-a4.googledomains.com'],
    ['google-cloud-dns', 'squarespace'],
  ],
  ['Azure DNS', ['ns1-01.azure-dns.com', 'ns2-01.azure-dns.net', 'ns3-01.azure-dns.org', 'ns4-01.azure-dns.info'], ['azure']],
  ['DigitalOcean', ['ns1.digitalocean.com', 'ns2.digitalocean.com', 'ns3.digitalocean.com'], ['digitalocean']],
  ['Gandi LiveDNS', ['ns-1-a.gandi.net', 'ns-129-b.gandi.net', 'ns-57-c.gandi.net'], ['gandi']],
  ['Gandi classic', ['a.dns.gandi.net', 'b.dns.gandi.net', 'c.dns.gandi.net'], ['gandi']],
  ['OVHcloud', ['dns10.ovh.net', 'ns10.ovh.net'], ['ovh']],
  ['OVHcloud anycast', ['dns200.anycast.me', 'ns200.anycast.me'], ['ovh']],
  ['Hetzner DNS', ['hydrogen.ns.hetzner.com', 'oxygen.ns.hetzner.com', 'helium.ns.hetzner.de'], ['hetzner']],
  ['Hetzner Robot', ['ns1.your-server.de', 'ns.second-ns.com', 'ns3.second-ns.de'], ['hetzner']],
  ['GoDaddy', ['ns27.domaincontrol.com', 'ns28.domaincontrol.com'], ['godaddy']],
  ['Namecheap', ['dns1.registrar-servers.com', 'dns2.registrar-servers.com'], ['namecheap']],
  ['Namecheap PremiumDNS', ['pdns1.registrar-servers.com', 'pdns2.registrar-servers.com'], ['namecheap']],
  ['Porkbun', ['curitiba.ns.porkbun.com', 'fortaleza.ns.porkbun.com', 'maceio.ns.porkbun.com', 'salvador.ns.porkbun.com'], ['porkbun']],
  ['deSEC', ['ns1.desec.io', 'ns2.desec.org'], ['desec']],
  ['IONOS', ['ns1045.ui-dns.com', 'ns1045.ui-dns.de', 'ns1045.ui-dns.org', 'ns1045.ui-dns.biz'], ['ionos']],
  ['Akamai Cloud (Linode)', ['ns1.linode.com', 'ns2.linode.com', 'ns3.linode.com', 'ns4.linode.com', 'ns5.linode.com'], ['linode']],
  // Not recognised: own servers, a zone split across providers, look-alikes, nothing.
  ['own servers', ['ns1.example.test', 'ns2.example.test'], []],
  ['split across two providers', ['kiki.ns.cloudflare.com', 'ns-1234.awsdns-12.org'], []],
  ['a look-alike suffix', ['kiki.ns.cloudflare.com.attacker.test'], []],
  ['a look-alike prefix', ['ns1.digitalocean.com-evil.test', 'fakens1.digitalocean.com'], []],
  ['no NS names', [], []],
];

for (const [label, nameservers, ids] of SAMPLES) {
  test(`NS names of ${label} → ${ids.join(', ') || 'unknown'}`, () => {
    assert.deepEqual(
      providersForNameservers(nameservers).map((p) => p.id),
      ids,
    );
  });
}

test('every provider in the table has NS samples above, a help page and the fields of its form', () => {
  const sampled = new Set(SAMPLES.flatMap(([, , ids]) => ids));
  assert.deepEqual(
    DNS_PROVIDERS.map((p) => p.id).filter((id) => !sampled.has(id)),
    [],
  );
  for (const p of DNS_PROVIDERS) {
    assert.match(p.helpUrl, /^https:\/\/[a-z0-9.-]+\//, p.id);
    assert.ok(p.where && p.fields.name && p.fields.value && p.ttl, p.id);
  }
  for (const required of [
    'cloudflare',
    'route53',
    'godaddy',
    'namecheap',
    'google-cloud-dns',
    'azure',
    'digitalocean',
    'hetzner',
    'ovh',
    'gandi',
    'porkbun',
    'ionos',
    'squarespace',
    'desec',
  ]) {
    assert.ok(
      DNS_PROVIDERS.some((p) => p.id === required),
      required,
    );
  }
});

const VALUE = 'letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/123456';
const LONG = `letsencrypt.org; accounturi=https://ca.example/acme/acct/${'x'.repeat(260)}`;
const provider = (id: string) => DNS_PROVIDERS.find((p) => p.id === id);

const FORMS: [string, string | undefined, string, string, string, string][] = [
  // provider, zone, record name, value → Name field, Value field
  ['cloudflare', 'example.com', '_validation-persist.www.example.com', VALUE, '_validation-persist.www', VALUE],
  ['godaddy', 'example.com', '_validation-persist.example.com', VALUE, '_validation-persist', VALUE],
  ['route53', 'example.com', '_validation-persist.shop.example.com', VALUE, '_validation-persist.shop', `"${VALUE}"`],
  ['desec', 'example.com', '_validation-persist.example.com', LONG, '_validation-persist', `"${LONG.slice(0, 255)}" "${LONG.slice(255)}"`],
  ['namecheap', 'sub.example.co.uk', '_validation-persist.www.sub.example.co.uk', VALUE, '_validation-persist.www', VALUE],
];
for (const [id, zone, recordName, value, nameText, valueText] of FORMS) {
  test(`the ${id} form for ${recordName}: Name and Value exactly as typed`, () => {
    const p = provider(id)!;
    const form = providerForm(p, zone, recordName, value);
    assert.equal(form.where, p.where);
    assert.equal(form.helpUrl, p.helpUrl);
    assert.deepEqual(
      form.fields.map((f) => f.label),
      [p.fields.type, p.fields.name, p.fields.value, p.fields.ttl],
    );
    assert.equal(form.fields[0]!.text, 'TXT');
    assert.equal(form.fields[1]!.text, nameText);
    assert.equal(form.fields[2]!.text, valueText);
  });
}

test('a long value at a provider that does not say it splits: verbatim, with the quoted strings as the way out', () => {
  const form = providerForm(provider('godaddy'), 'example.com', '_validation-persist.example.com', LONG);
  assert.equal(form.fields[2]!.text, LONG);
  assert.match(form.fields[2]!.note ?? '', /longer than 255 characters; if GoDaddy refuses it, enter "/);
});

test('an unknown provider gets both ways of writing the name and the value verbatim', () => {
  const form = providerForm(undefined, 'example.com', '_validation-persist.www.example.com', VALUE);
  assert.equal(form.where, null);
  assert.equal(form.helpUrl, null);
  assert.equal(form.fields[1]!.text, '_validation-persist.www');
  assert.match(
    form.fields[1]!.note ?? '',
    /type _validation-persist\.www;.*type _validation-persist\.www\.example\.com \(no dot at the end\)/,
  );
  assert.equal(form.fields[2]!.text, VALUE);
});

test('nameForForm: relative, apex, full, and a name outside the zone kept whole', () => {
  assert.equal(nameForForm('_validation-persist.www.example.com.', 'example.com.', 'relative'), '_validation-persist.www');
  assert.equal(nameForForm('example.com', 'example.com', 'relative'), '@');
  assert.equal(nameForForm('_validation-persist.www.example.com', 'example.com', 'fqdn'), '_validation-persist.www.example.com');
  assert.equal(nameForForm('_validation-persist.other.test', 'example.com', 'relative'), '_validation-persist.other.test');
  assert.equal(nameForForm('_validation-persist.notexample.com', 'example.com', 'relative'), '_validation-persist.notexample.com');
});
