# bash completion for smtpcli(1): options, the mx and explain subcommands,
# and the arguments with a fixed set of values.  Hand-written; the docs
# test (tests/completion.sh) checks it against `smtpcli --help`.
# Needs nothing from the bash-completion package.
# shellcheck disable=SC2207 # the fixed words and host names have no blanks

# Does WORD take the next word as its argument?  ($argopts: the long ones.)
_smtpcli_takes_arg()
{
	local s pre
	case $1 in
	--*=* | -- | -) return 1 ;;
	--*) [[ $argopts == *" $1 "* ]] ;;
	-*)	# a cluster such as -qf: the argument is the rest, or the next word
		[[ $mode == main ]] || return 1
		s=${1#-}
		[[ $s == *[fpt]* ]] || return 1
		pre=${s%%[fpt]*}
		[[ ${#s} -eq $((${#pre} + 1)) ]] ;;
	*) return 1 ;;
	esac
}

# Sets COMPREPLY to the names in $1 (a compgen action) matching $cur,
# each with $pfx in front.
_smtpcli_names()
{
	local n
	compopt -o filenames 2>/dev/null
	COMPREPLY=()
	while IFS= read -r n; do
		COMPREPLY+=("$pfx$n")
	done < <(compgen "$1" -- "$cur")
}

_smtpcli()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' opt='' pfx='' mode=main
	local w i first=
	local verbs='HELO EHLO MAIL RCPT DATA BDAT RSET VRFY EXPN HELP NOOP
	    QUIT STARTTLS AUTH ETRN ATRN TURN SEND SOML SAML LHLO'
	local opts='-4 -6 -f --file -p --port -t --timeout -q --quiet
	    -h --help -V --version --pipe --helo --json --keep-going
	    --resolver --no-explain --explain --starttls --tls-on-connect --ca-file
	    --ca-path --insecure --sni --no-sni --verify-name --dane --validate
	    --trust-anchor --cert --key
	    --tls-min --tls-max --ciphers --show-chain --mx --probe --security
	    --sts-port --tlsa-record
	    --history --no-history --source --from --to --cc --bcc --subject
	    --header
	    --body --attach --attach-type --data --dump-message --8bitmime
	    --smtputf8 --dsn-notify --dsn-ret --envid --requiretls --chunking
	    --chunk-size --no-pipelining --lmtp --quit-after --drop-after
	    --all-recipients --count --connections --no-starttls --auth --user
	    --password-env --password-file --allow-plaintext-auth
	    --show-secrets'
	local argopts=' --file --port --timeout --pipe --helo --resolver --explain
	    --ca-file --ca-path --sni --verify-name --trust-anchor --cert --key
	    --tls-min --tls-max
	    --ciphers --mx --history --source --from --to --cc --bcc --subject --header
	    --body --attach --attach-type --data --dsn-notify --dsn-ret
	    --envid --chunk-size --quit-after --drop-after --count
	    --connections --auth --user --password-env --password-file
	    --sts-port '
	argopts=${argopts//[$'\n\t']/ }
	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	if [[ ${COMP_WORDS[1]} == explain ]] && ((COMP_CWORD > 1)); then
		mode=explain
		opts='-h --help --after --json --list --log --summary'
		argopts=' --after --log '
	fi

	# Whose argument is being completed?  "--opt=value" is one word or,
	# when "=" is in COMP_WORDBREAKS (the default), three: --opt = value.
	if [[ $cur == = && $prev == --* ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)) &&
	    [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} pfx=$opt= cur=${cur#*=}
	elif ((COMP_CWORD > 1)) &&
	    [[ ${COMP_WORDS[COMP_CWORD - 2]} != = ]] &&
	    _smtpcli_takes_arg "$prev"; then
		opt=$prev
		[[ $opt == --* ]] || opt=-${opt: -1}
	fi

	if [[ -n $opt ]]; then
		case $opt in
		--starttls)
			COMPREPLY=($(compgen -P "$pfx" -W 'required opportunistic' \
			    -- "$cur")) ;;
		--explain)
			COMPREPLY=($(compgen -P "$pfx" -W 'all errors off' \
			    -- "$cur")) ;;
		--tls-min | --tls-max)
			COMPREPLY=($(compgen -P "$pfx" -W '1.0 1.1 1.2 1.3' \
			    -- "$cur")) ;;
		--after)
			COMPREPLY=($(compgen -P "$pfx" -W "$verbs DATA-END" \
			    -- "${cur^^}")) ;;
		-f | --file | --ca-file | --cert | --key | --log | --history | \
		--attach | --data | --password-file)
			_smtpcli_names -f ;;
		--quit-after | --drop-after)
			COMPREPLY=($(compgen -P "$pfx" -W 'connect banner ehlo
			    starttls auth mail rcpt data' -- "$cur")) ;;
		--dsn-ret)
			COMPREPLY=($(compgen -P "$pfx" -W 'FULL HDRS' -- "$cur")) ;;
		--dsn-notify)
			COMPREPLY=($(compgen -P "$pfx" -W 'NEVER SUCCESS FAILURE
			    DELAY SUCCESS,FAILURE SUCCESS,FAILURE,DELAY' -- "$cur")) ;;
		--auth)
			COMPREPLY=($(compgen -P "$pfx" -W 'auto PLAIN LOGIN CRAM-MD5
			    SCRAM-SHA-1 SCRAM-SHA-256 XOAUTH2 OAUTHBEARER' \
			    -- "$cur")) ;;
		--password-env)
			COMPREPLY=($(compgen -P "$pfx" -v -- "$cur")) ;;
		--ca-path)
			_smtpcli_names -d ;;
		--helo | --sni | --verify-name | --mx)
			COMPREPLY=($(compgen -P "$pfx" -A hostname -- "$cur")) ;;
		esac
		return 0
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi

	if [[ $mode == explain ]]; then
		COMPREPLY=($(compgen -W "$verbs -" -- "${cur^^}"))
		return 0
	fi

	# mx is the first word that is neither an option nor its argument.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = ]]; then
			((i++))
		elif [[ $w == -?* ]]; then
			[[ ${COMP_WORDS[i + 1]} == = ]] && continue
			_smtpcli_takes_arg "$w" && ((i++))
		else
			first=$w
			break
		fi
	done
	if [[ -z $first ]]; then
		((COMP_CWORD == 1)) && COMPREPLY=($(compgen -W explain -- "$cur"))
		COMPREPLY+=($(compgen -W mx -- "$cur") $(compgen -A hostname \
		    -- "$cur"))
	elif [[ $first == mx ]]; then
		COMPREPLY=($(compgen -A hostname -- "$cur"))
	fi
	return 0
}
complete -F _smtpcli smtpcli
