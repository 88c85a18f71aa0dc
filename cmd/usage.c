/*
 * usage.c: smtpcli --help.  The man page is the reference; this is the
 * summary, and tests/docs.sh keeps the two in step (every long option,
 * every / command).
 */
#include <stdio.h>

#include "sendopt.h"
#include "usage.h"

/*
 * The text comes in parts: C11 promises string literals of 4095 octets
 * only, so each part is one literal, printed by its own function.
 */

/* The synopsis, what smtpcli is, and the target options. */
static void
usage_synopsis(FILE *fp)
{
	fputs(
"usage: smtpcli [options] TARGET\n"
"       smtpcli [options] --from ADDR --to ADDR[,...] [TARGET]\n"
"       smtpcli [options] -f SCRIPT TARGET\n"
"       smtpcli [options] --pipe 'COMMAND'\n"
"       smtpcli mx [--probe | --security] [options] DOMAIN...\n"
"       smtpcli explain [--json] [--after COMMAND] CODE|ENHANCED|'REPLY'|COMMAND...\n"
"       smtpcli explain --list | [--json] [--summary] - | --log FILE\n"
"\n"
"An SMTP client for probing, scripting and explaining mail servers.\n"
"On a terminal it opens an interactive session (see INTERACTIVE);\n"
"otherwise commands are read from SCRIPT, or from standard input; each\n"
"line is sent as typed and the replies are shown (see SCRIPTS).\n"
"\n"
"Target:\n"
"  host, host:port, [v6addr]:port, IPv4/IPv6 literal, smtp://host[:port],\n"
"  smtps://host[:port] (implicit TLS, port 465), unix:/path (a UNIX\n"
"  socket, e.g. an LMTP server's)\n"
"  user@domain            the domain's mail servers (MX, RFC 5321 5.1)\n"
"      --mx DOMAIN        the same: MX hosts by preference, each address\n"
"                         tried until one connects and greets with 2xx\n"
"  -p, --port PORT        port when the target names none, and of MX\n"
"                         hosts (default 25)\n"
"  -4, -6                 use IPv4 or IPv6 addresses only\n"
"      --pipe COMMAND     speak SMTP to COMMAND's stdin/stdout instead\n"
"                         (e.g. --pipe 'exim -bh 127.0.0.1')\n"
"      --resolver IP[:PORT][,...]\n"
"                         DNS servers to use instead of /etc/resolv.conf\n"
"      --source ADDR[:PORT]\n"
"                         connect from this local address and/or port\n"
"                         ([IPV6]:PORT, :PORT); shown as \"from\" when\n"
"                         connected\n"
"\n", fp);
}

/* The TLS options. */
static void
usage_tls(FILE *fp)
{
	fputs(
"TLS (verification is on: chain and host name):\n"
"      --starttls[=required|opportunistic]\n"
"                         EHLO, STARTTLS, handshake, EHLO again before the\n"
"                         script; required (the default) stops with 76\n"
"                         rather than go on in plaintext or unverified;\n"
"                         opportunistic goes on UNVERIFIED, encrypted\n"
"      --tls-on-connect   implicit TLS (default port 465); as smtps://\n"
"      --ca-file FILE     trust the CAs in FILE instead of the system's\n"
"      --ca-path DIR      trust the CAs in the hashed DIR instead\n"
"      --insecure         go on after a failed verification, marked\n"
"                         UNVERIFIED (without it: stop with 76)\n"
"      --sni NAME         send NAME as the server name (default: the\n"
"                         target host, never an address)\n"
"      --no-sni           send no server name\n"
"      --cert FILE        client certificate (PEM chain)\n"
"      --key FILE         its private key (default: in --cert's file)\n"
"      --tls-min VERSION  lowest TLS version: 1.0, 1.1, 1.2, 1.3\n"
"      --tls-max VERSION  highest TLS version\n"
"      --ciphers LIST     OpenSSL cipher list (TLS_* names: TLS 1.3)\n"
"      --show-chain       print the server's certificates (PEM)\n"
"  SSLKEYLOGFILE=FILE     write TLS secrets to FILE for Wireshark\n"
"                         (created 0600; not used if others can read it)\n"
"\n", fp);
}

/* Session and output options, script syntax, transcript markers. */
static void
usage_session(FILE *fp)
{
	fputs(
"Session:\n"
"  -f, --file SCRIPT      run SCRIPT (\"-\" for standard input)\n"
"  -t, --timeout SECONDS  one timeout for every wait (default: connect 30,\n"
"                         RFC 5321 4.5.3.2: greeting, MAIL, RCPT 300,\n"
"                         DATA 120, data block 180, end of data 600)\n"
"      --helo NAME        name for /ehlo (default: the host's fully\n"
"                         qualified name, else the local address literal);\n"
"                         no CR, LF or other control character (64)\n"
"      --keep-going       go on after a failed /expect (still exits 65)\n"
"      --history FILE     interactive history file (default\n"
"                         $XDG_STATE_HOME/smtpcli/history)\n"
"      --no-history       keep no history file\n"
"\n"
"Output:\n"
"      --json             one JSON object per event on stdout\n"
"      --explain=LEVEL    the meaning under each reply (\"    # \" lines):\n"
"                         all, errors (non-2xx fully, 2xx one line; the\n"
"                         default on a terminal) or off\n"
"      --no-explain       --explain=off\n"
"  -q, --quiet            show only errors: error replies, *** lines,\n"
"                         refused recipients\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Scripts:\n"
"  EHLO client.example    any other line is sent as typed\n"
"  # comment              outside message data; blank lines are skipped\n"
"  DATA                   then message data lines, ended by a lone \".\"\n"
"  /expect 250|2xx|5.1.1|550 5.1.1   judge the last reply (| = or)\n"
"  /data FILE             DATA, then FILE as the message\n"
"  /bdat FILE [LAST]      BDAT <size> [LAST], then FILE's octets\n"
"  /ehlo [NAME]           EHLO with --helo's name\n"
"  /force LINE            send LINE even if longer than 512 octets\n"
"  /sleep SECONDS         wait, still reading replies\n"
"  /quit                  QUIT, read 221, end\n"
"  STARTTLS               on a 220 the TLS handshake starts at once\n"
"\n"
"Transcript: \" -> \" sent, \"<-  \" received, \"<** \" error reply,\n"
"\" ~> \", \"<~  \", \"<~* \" the same inside TLS,\n"
"\"=== \" information, \"*** \" error (on stderr).\n"
"\n",
	    fp);
}

/* The / commands, exit statuses, mx, explain and examples. */
static void
usage_interactive(FILE *fp)
{
	fputs(
"Interactive (stdin and stdout a terminal, no -f, no --json): the same\n"
"lines with Tab completion and history, replies shown as they come, and\n"
"  /help [COMMAND]        the commands, or one\n"
"  /explain [CODE]        a code, enhanced code or command (the last reply)\n"
"  /caps                  the server's capabilities, explained\n"
"  /tls                   TLS facts of this session\n"
"  /starttls              send STARTTLS\n"
"  /auth MECH [USER]      AUTH as --auth does (MECH: auto, PLAIN, LOGIN,\n"
"                         CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256, XOAUTH2,\n"
"                         OAUTHBEARER); checks that the server offers it\n"
"                         and says what TLS protects, then asks for the\n"
"                         secret\n"
"  /send [TO]             a whole test transaction (/set from, to)\n"
"  /source SCRIPT         run a script here, expectations included\n"
"  /connect TARGET        a new session with TARGET\n"
"  /reconnect             a new session with the same target\n"
"  /close                 drop the connection without QUIT\n"
"  /set [NAME [VALUE]]    timeout, explain, colour, helo, from, to\n"
"  /history               the lines kept (never AUTH material)\n"
"  /save FILE             the transcript so far\n"
"  /abort                 leave message data without ending it\n"
"  Ctrl-C clears the line or stops a wait; Ctrl-D sends QUIT and exits 0.\n"
"\n"
"Exit status:\n"
"  0 success               64 usage (options, target, script syntax)\n"
"  65 an /expect failed, a NUL in send mode's message data\n"
"  66 input file unreadable or unusable\n"
"  68 name resolution      69 refused permanently (5xx)\n"
"  70 internal error       74 network failure, connection lost, timeout\n"
"  75 refused temporarily (4xx), delivery status unknown\n"
"  76 protocol violation   77 authentication failed\n"
"  78 mx --security: an enforcing sender would refuse   79 its warnings\n"
"\n"
"Mail routing:\n"
"  smtpcli mx DOMAIN...   the delivery plan: MX hosts, preferences,\n"
"                         addresses (no MX: the domain itself; null MX)\n"
"      --probe            also look at every address at once: connect\n"
"                         time, banner, EHLO capabilities, STARTTLS\n"
"                         offered, TLS version, the certificate's\n"
"                         verdict and days to expiry\n"
"      --security         also judge delivery security: MTA-STS record,\n"
"                         policy and each MX against it, TLS-RPT record;\n"
"                         findings with their reason, RFC section and\n"
"                         evidence (implies --probe; status 78 when an\n"
"                         enforcing sender would refuse, 79 warnings)\n"
"      --sts-port PORT    fetch MTA-STS policies from this port (testing)\n"
"\n"
"Explain (offline):\n"
"  smtpcli explain 550 5.1.1    a code, an enhanced code, or both\n"
"  smtpcli explain '550 5.7.1 Relay access denied'   a whole reply line\n"
"  smtpcli explain --after RCPT 452   the meaning in context\n"
"  smtpcli explain RCPT         a command: syntax and possible replies\n"
"  smtpcli explain --list       every known code, one a line\n"
"  smtpcli explain --log FILE   a mail log, each reply explained (- stdin)\n"
"  smtpcli explain - < bounce   a bounce or DSN: wrapped replies joined,\n"
"                               Diagnostic-Code/Status read, recipient;\n"
"                               MIME decoded, the returned message skipped\n"
"  smtpcli explain 'LOG LINE'   an argument is read like standard input\n"
"      --after COMMAND          a command, or DATA-END (also . end-of-data)\n"
"      --json                   one JSON object per reply found\n"
"      --summary                replies counted by code, enhanced code,\n"
"                               command and recipient domain\n"
"\n"
"Examples:\n"
"  printf 'EHLO me.example\\n/expect 250\\nQUIT\\n' | smtpcli mx.example.org\n"
"  smtpcli -f check.smtp --json -t 10 127.0.0.1:2525\n"
"  smtpcli mx --probe example.org\n"
"  smtpcli mx --security example.org\n"
"  smtpcli --pipe 'exim -bh 192.0.2.1' -f session.smtp\n",
	    fp);
}

void
usage(FILE *fp)
{
	usage_synopsis(fp);
	usage_tls(fp);
	sendopt_usage(fp);
	usage_session(fp);
	usage_interactive(fp);
}
