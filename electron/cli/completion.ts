/**
 * Shell completion scripts for bash, zsh and fish, generated from the command table so they
 * never drift from it. Certificate names and account ids come from the hidden
 * `persistcert __complete certificates|accounts`, which reads the store without unlocking keys.
 */
import type { Command } from './command.ts';
import type { DescribedCommand } from './verbs.ts';

export type Shell = 'bash' | 'zsh' | 'fish';

/** Verbs whose first positional is a certificate (id or name). */
const CERTIFICATE_VERBS = ['export', 'deploy', 'revoke', 'renew', 'configure', 'verify'];
/** Fixed choices for option values. */
const VALUES: Record<string, string> = {
  keystore: 'auto os file',
  ca: 'letsencrypt letsencrypt-staging google google-staging zerossl sslcom',
};

const flags = (c: Pick<Command, 'options'>): string[] => Object.keys(c.options).map((o) => `--${o}`);
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(commands: readonly DescribedCommand[], globals: Pick<Command, 'options'>): string {
  const stringGlobals = Object.entries(globals.options)
    .filter(([, o]) => o.type === 'string')
    .map(([n]) => `--${n}`);
  return `# persistcert completion for bash: source <(persistcert completion bash)
_persistcert() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} verb="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${stringGlobals.join('|')}) ((i++)) ;;
      -*) ;;
      *) verb=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case "$prev" in
${Object.entries(VALUES)
  .map(([o, v]) => `    --${o}) COMPREPLY=($(compgen -W ${sh(v)} -- "$cur")); return ;;`)
  .join('\n')}
    --account) COMPREPLY=($(compgen -W "$(persistcert __complete accounts 2>/dev/null)" -- "$cur")); return ;;
    -d|--domain) COMPREPLY=($(compgen -W "$(persistcert __complete names 2>/dev/null)" -- "$cur")); return ;;
    --data-dir|--ca-bundle|--passphrase-file|--out|--*-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  local globals=${sh(flags(globals).join(' '))}
  if [[ -z $verb ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$globals --help --version" -- "$cur"))
    else COMPREPLY=($(compgen -W ${sh(commands.map((c) => c.name).join(' '))} -- "$cur")); fi
    return
  fi
  local opts=""
  case "$verb" in
${commands.map((c) => `    ${c.name}) opts=${sh(flags(c).join(' '))} ;;`).join('\n')}
  esac
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts $globals --help" -- "$cur")); return; fi
  case "$verb" in
    ${CERTIFICATE_VERBS.join('|')}) COMPREPLY=($(compgen -W "$(persistcert __complete certificates 2>/dev/null)" -- "$cur")) ;;
    completion) COMPREPLY=($(compgen -W 'bash zsh fish' -- "$cur")) ;;
  esac
}
complete -F _persistcert persistcert
`;
}

function zsh(commands: readonly DescribedCommand[], globals: Pick<Command, 'options'>): string {
  const described = commands.map((c) => `    ${sh(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)}`).join('\n');
  return `#compdef persistcert
# persistcert completion for zsh: persistcert completion zsh > "\${fpath[1]}/_persistcert"
_persistcert() {
  local -a commands
  commands=(
${described}
  )
  local verb=\${words[(r)[^-]*~persistcert]}
  case \${words[CURRENT-1]} in
${Object.entries(VALUES)
  .map(([o, v]) => `    --${o}) compadd -- ${v}; return ;;`)
  .join('\n')}
    --account) compadd -- \${(f)"$(persistcert __complete accounts 2>/dev/null)"}; return ;;
    -d|--domain) compadd -- \${(f)"$(persistcert __complete names 2>/dev/null)"}; return ;;
    --data-dir|--ca-bundle|--passphrase-file|--out|--*-file) _files; return ;;
  esac
  if [[ -z $verb || $verb == \${words[CURRENT]} && $CURRENT -le 2 ]]; then
    if [[ \${words[CURRENT]} == -* ]]; then compadd -- ${flags(globals).join(' ')} --help --version; else _describe command commands; fi
    return
  fi
  if [[ \${words[CURRENT]} == -* ]]; then
    case $verb in
${commands.map((c) => `      ${c.name}) compadd -- ${[...flags(c), ...flags(globals), '--help'].join(' ')} ;;`).join('\n')}
    esac
    return
  fi
  case $verb in
    ${CERTIFICATE_VERBS.join('|')}) compadd -- \${(f)"$(persistcert __complete certificates 2>/dev/null)"} ;;
    completion) compadd -- bash zsh fish ;;
  esac
}
compdef _persistcert persistcert
`;
}

function fish(commands: readonly DescribedCommand[], globals: Pick<Command, 'options'>): string {
  const lines = [
    '# persistcert completion for fish: persistcert completion fish > ~/.config/fish/completions/persistcert.fish',
    'complete -c persistcert -f',
  ];
  for (const c of commands) lines.push(`complete -c persistcert -n __fish_use_subcommand -a ${c.name} -d ${sh(c.summary)}`);
  for (const [name, o] of Object.entries(globals.options)) {
    const values = VALUES[name] ? ` -a ${sh(VALUES[name]!)}` : '';
    lines.push(`complete -c persistcert -l ${name}${o.type === 'string' ? ' -r' : ''}${values}`);
  }
  for (const c of commands) {
    for (const [name, o] of Object.entries(c.options))
      lines.push(`complete -c persistcert -n '__fish_seen_subcommand_from ${c.name}' -l ${name}${o.type === 'string' ? ' -r' : ''}`);
  }
  lines.push(
    `complete -c persistcert -n '__fish_seen_subcommand_from ${CERTIFICATE_VERBS.join(' ')}' -a '(persistcert __complete certificates 2>/dev/null)'`,
  );
  lines.push(`complete -c persistcert -l account -r -a '(persistcert __complete accounts 2>/dev/null)'`);
  lines.push(`complete -c persistcert -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'`);
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, commands: readonly DescribedCommand[], globals: Pick<Command, 'options'>): string {
  return { bash, zsh, fish }[shell](commands, globals);
}
