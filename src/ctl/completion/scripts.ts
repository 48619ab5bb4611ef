/**
 * Shell completion scripts for `intelmqctl completion bash|zsh`. Actions and
 * flags are taken from the command definitions; bot ids are asked from
 * intelmqctl itself at completion time (`intelmqctl -q list bots -c`).
 */
import type { Command } from 'commander';

export interface CompletionModel {
  readonly actions: readonly string[];
  readonly globalFlags: readonly string[];
  /** Flags per action. */
  readonly flags: Readonly<Record<string, readonly string[]>>;
  /** Actions whose arguments are bot ids. */
  readonly botActions: readonly string[];
}

const BOT_ACTIONS = ['start', 'stop', 'restart', 'reload', 'status', 'run', 'log', 'enable', 'disable', 'configtest'];

function flagsOf(command: Command): string[] {
  return command.options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
}

export function completionModel(program: Command): CompletionModel {
  const commands = program.commands;
  return {
    actions: commands.flatMap((c) => [c.name(), ...c.aliases()]).sort(),
    globalFlags: [...flagsOf(program), '-h', '--help'],
    flags: Object.fromEntries(commands.map((c) => [c.name(), [...flagsOf(c), '-h', '--help']])),
    botActions: BOT_ACTIONS,
  };
}

function words(list: readonly string[]): string {
  return list.join(' ');
}

export function bashScript(m: CompletionModel): string {
  const cases = Object.entries(m.flags)
    .map(([action, flags]) => `        ${action}) flags="${words(flags)}" ;;`)
    .join('\n');
  return `# bash completion for intelmqctl; load with: source <(intelmqctl completion bash)
_intelmqctl() {
    local cur action i flags
    cur="\${COMP_WORDS[COMP_CWORD]}"
    action=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "\${COMP_WORDS[i]}" in
            -t|--type) ((i++)) ;;
            -*) ;;
            *) action="\${COMP_WORDS[i]}"; break ;;
        esac
    done
    if [[ -z "$action" ]]; then
        if [[ "$cur" == -* ]]; then
            COMPREPLY=($(compgen -W "${words(m.globalFlags)}" -- "$cur"))
        elif [[ "\${COMP_WORDS[COMP_CWORD-1]}" == "-t" || "\${COMP_WORDS[COMP_CWORD-1]}" == "--type" ]]; then
            COMPREPLY=($(compgen -W "text json" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "${words(m.actions)}" -- "$cur"))
        fi
        return
    fi
    case "$action" in
${cases}
        *) flags="" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
        return
    fi
    case "$action" in
        ${m.botActions.join('|')})
            COMPREPLY=($(compgen -W "$(intelmqctl -q list bots -c 2>/dev/null)" -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "bots queues queues-and-status" -- "$cur")) ;;
        completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
    esac
}
complete -F _intelmqctl intelmqctl
`;
}

export function zshScript(m: CompletionModel): string {
  const cases = Object.entries(m.flags)
    .map(([action, flags]) => `        ${action}) flags=(${words(flags)}) ;;`)
    .join('\n');
  return `#compdef intelmqctl
# zsh completion for intelmqctl; load with: source <(intelmqctl completion zsh)
_intelmqctl() {
    local -a actions flags bots
    local action="" i
    actions=(${words(m.actions)})
    for ((i = 2; i < CURRENT; i++)); do
        case "\${words[i]}" in
            -t|--type) ((i++)) ;;
            -*) ;;
            *) action="\${words[i]}"; break ;;
        esac
    done
    if [[ -z "$action" ]]; then
        if [[ "\${words[CURRENT]}" == -* ]]; then
            compadd -- ${words(m.globalFlags)}
        else
            compadd -a actions
        fi
        return
    fi
    case "$action" in
${cases}
    esac
    if [[ "\${words[CURRENT]}" == -* ]]; then
        compadd -a flags
        return
    fi
    case "$action" in
        ${m.botActions.join('|')})
            bots=(\${(f)"$(intelmqctl -q list bots -c 2>/dev/null)"})
            compadd -a bots ;;
        list) compadd bots queues queues-and-status ;;
        completion) compadd bash zsh ;;
    esac
}
if [[ "$(basename -- "\${(%):-%x}")" != _intelmqctl ]]; then
    compdef _intelmqctl intelmqctl
fi
`;
}
