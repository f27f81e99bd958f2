/** `phonedeck completion bash|zsh|fish`: a script the shell sources to complete commands and options. */
const COMMANDS = [
  'list',
  'status',
  'start',
  'stop',
  'restart',
  'reset',
  'delete',
  'open',
  'job',
  'pair',
  'activity',
  'accounts',
  'mcp',
  'completion',
];
const OPTIONS = [
  '--json',
  '--help',
  '--version',
  '--status',
  '--tag',
  '--group',
  '--account',
  '--all-matching',
  '--dry-run',
  '--include-kept',
  '--wait',
  '--timeout',
  '--since',
  '--output',
  '--fields',
  '--no-headers',
  '--name',
  '--read-only',
];
const STATUSES = ['running', 'starting', 'stopping', 'stopped', 'expired', 'fault', 'unknown'];

export function completionScript(shell: string): string | null {
  const cmds = COMMANDS.join(' ');
  const opts = OPTIONS.join(' ');
  switch (shell) {
    case 'bash':
      return `# phonedeck completion for bash: source <(phonedeck completion bash)
_phonedeck() {
  local cur prev; cur="\${COMP_WORDS[COMP_CWORD]}"; prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=( $(compgen -W "${cmds}" -- "$cur") ); return; fi
  case "$prev" in
    --status) COMPREPLY=( $(compgen -W "${STATUSES.join(' ')}" -- "$cur") ); return;;
    -o|--output) COMPREPLY=( $(compgen -W "table json ndjson name" -- "$cur") ); return;;
    job) COMPREPLY=( $(compgen -W "show wait" -- "$cur") ); return;;
    completion) COMPREPLY=( $(compgen -W "bash zsh fish" -- "$cur") ); return;;
  esac
  COMPREPLY=( $(compgen -W "${opts}" -- "$cur") )
}
complete -F _phonedeck phonedeck
`;
    case 'zsh':
      return `#compdef phonedeck
# phonedeck completion for zsh: source <(phonedeck completion zsh)
_phonedeck() {
  if (( CURRENT == 2 )); then compadd ${cmds}; return; fi
  case "$words[CURRENT-1]" in
    --status) compadd ${STATUSES.join(' ')}; return;;
    -o|--output) compadd table json ndjson name; return;;
  esac
  compadd -- ${opts}
}
compdef _phonedeck phonedeck
`;
    case 'fish':
      return [
        '# phonedeck completion for fish: phonedeck completion fish | source',
        `complete -c phonedeck -f -n '__fish_use_subcommand' -a '${cmds}'`,
        ...OPTIONS.map((o) => `complete -c phonedeck -l ${o.slice(2)}`),
        `complete -c phonedeck -l status -xa '${STATUSES.join(' ')}'`,
        `complete -c phonedeck -s o -l output -xa 'table json ndjson name'`,
        '',
      ].join('\n');
    default:
      return null;
  }
}
