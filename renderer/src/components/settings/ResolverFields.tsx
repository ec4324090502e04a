import { CheckField, Field } from '../common/Field.tsx';
import { MAX_RESOLVERS } from './settings-draft.ts';

/** Which resolvers the DNS check asks: the system's only (the list is then just 'system'), or a list. */
export function ResolverFields({
  id,
  text,
  onText,
  tooMany,
}: {
  id: string;
  text: string;
  onText: (text: string) => void;
  tooMany: boolean;
}) {
  const systemOnly = text.trim().toLowerCase() === 'system';
  return (
    <>
      <CheckField
        id={`${id}-sysonly`}
        label="System resolver only"
        checked={systemOnly}
        onChange={(on) => onText(on ? 'system' : '')}
        hint={
          <>
            Unless you choose otherwise, the DNS check asks your system resolver and the public resolvers 1.1.1.1 (Cloudflare) and 8.8.8.8
            (Google), so they see the names you check. With this on, only this computer&rsquo;s resolver is asked.
          </>
        }
      />
      <Field
        id={`${id}-res`}
        label="Public resolvers for the DNS check, one per line"
        error={tooMany && `At most ${MAX_RESOLVERS} resolvers.`}
        hint="Written as an IP address or ip:port, e.g. 1.1.1.1 or 9.9.9.9:53; empty means the system resolver plus 1.1.1.1 and 8.8.8.8. Your domain’s own name servers are always asked too."
      >
        {(control) => (
          <textarea
            rows={4}
            className="mono"
            spellCheck={false}
            disabled={systemOnly}
            value={text}
            onChange={(e) => onText(e.target.value)}
            {...control}
          />
        )}
      </Field>
    </>
  );
}
