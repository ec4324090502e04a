// Types for the node-forge modules we load one by one (importing 'node-forge' itself would pull
// TLS, SSH and the rest into the CLI bundle). Each file's `module.exports` is one forge namespace.
declare module 'node-forge/lib/asn1.js' {
  import type forge from 'node-forge';
  const asn1: typeof forge.asn1 & {
    fromDer(bytes: string, options: { strict?: boolean; parseAllBytes?: boolean; decodeBitStrings?: boolean }): forge.asn1.Asn1;
  };
  export default asn1;
}
