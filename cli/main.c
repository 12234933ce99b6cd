/*
 * main.c: the command table and dispatch.  The table is sorted by name
 * (looked up with bsearch; a unit test checks the order) and is the only
 * source of "fleetaudit help".  Exit status: 0 ok, 1 failure, 2 usage or
 * bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "plat.h"
#include "util.h"

static const struct cmd cmds[] = {
	{ "assess", "[options] RANGE...",
	    "discover, read every printer found and store the assessment",
	    "Sweeps RANGE (CIDR 192.0.2.0/24, dash 192.0.2.10-192.0.2.50 or\n"
	    "192.0.2.10-50, single addresses, host names, IPv6), reads every\n"
	    "printer that answers (identity, meters, supplies, trays, status,\n"
	    "alerts) and stores the result as one assessment in the local\n"
	    "store, one transaction per device.  Prints a summary table, or\n"
	    "the whole result with --json.  Ctrl-C stops early and keeps\n"
	    "every device already stored.  --ipp URI reads a printer over\n"
	    "IPP as well (or alone, with no range): for printers whose SNMP\n"
	    "is off (docs/ipp.md).\n\n"
	    "Examples:\n"
	    "  fleetaudit assess 192.0.2.0/24\n"
	    "  fleetaudit assess --ipp ipps://192.0.2.7/ipp/print\n"
	    "  fleetaudit assess -c public -c private 192.0.2.0/24 -x 192.0.2.1\n"
	    "  fleetaudit assess --v3-user monitor --v3-auth SHA:secret123 \\\n"
	    "      --v3-priv AES:secret456 printer1.example.com --json\n",
	    cmd_assess, C_ASSESS },
	{ "bundle", "inspect FILE | check-receipt FILE [options]",
	    "look at a bundle or a hub's receipt, with no secret key",
	    "What the site can check before a bundle leaves, and after the\n"
	    "hub took it.  Neither needs a secret key.\n\n"
	    "Subcommands:\n"
	    "  inspect FILE  print the bundle's manifest (what leaves the\n"
	    "                site: period, devices, records per kind,\n"
	    "                masking, the hub it is for) and check it: the\n"
	    "                layout, the collector's Ed25519 signature over\n"
	    "                every byte (with the key the manifest holds;\n"
	    "                whether it is this home's key is said), the\n"
	    "                payload's size and BLAKE2b hash.  The payload\n"
	    "                stays sealed: only the hub opens it, not even\n"
	    "                the collector that wrote it\n"
	    "  check-receipt FILE\n"
	    "                check a receipt written by 'hub import' against\n"
	    "                the hub key this home trusts, and print it\n"
	    "                (bundle id, hash, records imported)\n\n"
	    "Exits 1 when a check fails (one line says which: not a bundle,\n"
	    "unsupported version, truncated, bad signature...).  The format\n"
	    "is in docs/bundle-format.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit bundle inspect fleetaudit-t8w31kcm9y3rys7j-000001.bundle\n"
	    "  fleetaudit bundle inspect site1.bundle --json | jq .manifest\n"
	    "  fleetaudit bundle check-receipt site1.receipt\n",
	    cmd_bundle, C_BUNDLE },
	{ "changes", "[options]",
	    "what is new in the store since the last export",
	    "The store keeps only what changed: a value read again unchanged\n"
	    "is not written again, only marked seen.  This counts what an\n"
	    "export made now would carry: the scans stored since, the values\n"
	    "first read since (new or changed) and those read before and seen\n"
	    "again unchanged since (only their last-seen time moved), per\n"
	    "table.  --since last (the default) counts from the newest\n"
	    "export, all from the start, a date or a while ago from the\n"
	    "newest scan stored by then.  --json for scripts.\n\n"
	    "Examples:\n"
	    "  fleetaudit changes\n"
	    "  fleetaudit changes --since 7d --json\n",
	    cmd_changes, C_CHANGES },
	{ "ctl", "[options] status | scan KIND [DEVICE] | walk HOST | logs",
	    "ask the running collector (fleetaudit run) over its socket",
	    "Talks to the 'fleetaudit run' of the same home over\n"
	    "HOME/ctl.sock; only its owner (and root) may.  A request is\n"
	    "answered at once while the collector waits, or after the read\n"
	    "in progress when it is reading devices.\n\n"
	    "  status       each kind's interval, next due time and last\n"
	    "               result (devices read, incomplete), the devices\n"
	    "               known, since when it runs; --json for scripts\n"
	    "  scan KIND [DEVICE]\n"
	    "               a scan now: KIND is discovery, meters,\n"
	    "               supplies, errors or attributes; DEVICE (id,\n"
	    "               serial, MAC or address) limits it to that\n"
	    "               device (a discovery sweeps that one address).\n"
	    "               Answers 'queued' at once, or with --wait the\n"
	    "               result once the scan is done\n"
	    "  walk HOST    a full MIB walk of HOST by the collector, with\n"
	    "               its credentials, in snmprec format (as 'walk')\n"
	    "  logs         the collector's log lines kept in memory (the\n"
	    "               last 5000): --level LEVEL and above (critical,\n"
	    "               error, warning, info, debug), --since DATE\n"
	    "               (2026-11-25, 2026-11-25T08:00Z) or a while ago\n"
	    "               (30m, 2h, 7d)\n\n"
	    "Exits 1 when no collector runs on the home.\n\n"
	    "Examples:\n"
	    "  fleetaudit ctl status\n"
	    "  fleetaudit ctl scan supplies --wait\n"
	    "  fleetaudit ctl scan meters 192.0.2.15\n"
	    "  fleetaudit ctl walk 192.0.2.15 > printer.snmprec\n"
	    "  fleetaudit ctl logs --level warning --since 2h\n",
	    cmd_ctl, C_CTL },
	{ "devices", "[options]",
	    "list the devices in the store with their latest values",
	    "Lists every device the store holds: id, address, vendor, model,\n"
	    "serial, last seen, latest total page count and how many times it\n"
	    "was read.\n\n"
	    "Examples:\n"
	    "  fleetaudit devices\n"
	    "  fleetaudit devices --json | jq '.[].serial'\n",
	    cmd_devices, C_DEVICES },
	{ "discover", "[options] RANGE...",
	    "sweep ranges and list the SNMP printers that answer",
	    "Sweeps RANGE and lists the devices that answer SNMP and are\n"
	    "printers (every SNMP device with --all): address, vendor, model,\n"
	    "sysObjectID and the credential that worked.  Stores nothing.\n"
	    "A device is a printer when HOST-RESOURCES hrDeviceType says so,\n"
	    "the Printer-MIB answers, or its sysObjectID belongs to a printer\n"
	    "maker.\n\n"
	    "Examples:\n"
	    "  fleetaudit discover 192.0.2.0/24\n"
	    "  fleetaudit discover --all --json 192.0.2.10-60\n",
	    cmd_discover, C_DISCOVER },
	{ "export", "bundle [options]",
	    "write what is new as a signed bundle only the hub can open",
	    "Writes what the store holds that is new since the last export\n"
	    "(--since last, the default), since a date or a while ago, or\n"
	    "everything (--since all), as one bundle file: a readable\n"
	    "manifest, the data encrypted for the trusted hub only (the\n"
	    "collector cannot read it back), signed by the collector's key.\n"
	    "Needs 'keys init' and 'keys trust-hub'.  Values read again\n"
	    "unchanged go as small last-seen records, not whole.  The file is\n"
	    "written whole (temporary file, fsync, then linked into place;\n"
	    "an existing file is never replaced), then the export is marked\n"
	    "in the store and the sequence number in HOME/export.seq, so the\n"
	    "next export starts after it.  Nothing new: no file, exit 0.\n\n"
	    "--mask replaces addresses (ip), MAC addresses (mac) or device\n"
	    "host names (hostname) by keyed pseudonyms: BLAKE2b keyed (a MAC)\n"
	    "with a site secret, HOME/site.secret (0600, created on first\n"
	    "use), that never leaves the site; the same value gets the same\n"
	    "pseudonym in every bundle, so the hub still tells devices\n"
	    "apart and follows them.  Check a bundle with 'fleetaudit bundle\n"
	    "inspect'.  Format: docs/bundle-format.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit export bundle\n"
	    "  fleetaudit export bundle -o /media/usb/site1.bundle --mask ip,mac\n"
	    "  fleetaudit export bundle --since all -o full.bundle\n",
	    cmd_export, C_EXPORT },
	{ "help", "[COMMAND]", "show help for fleetaudit or a command",
	    "Without COMMAND, lists the commands; with it, the command's help\n"
	    "(the same as COMMAND --help).\n",
	    cmd_help, 0 },
	{ "hub", "SUBCOMMAND [options] [args]",
	    "set up the dealer's hub and the collectors it trusts",
	    "The hub is where the dealer receives the collectors' data.  A\n"
	    "hub directory holds its key pairs (X25519 to receive encrypted\n"
	    "data, Ed25519 to sign), its public keys in hub.pub and its\n"
	    "central store: hub.db (SQLite), or a PostgreSQL database whose\n"
	    "connection string is in store.conf.  Every subcommand works on\n"
	    "--hub DIR (default $FLEETAUDIT_HUB, else the current\n"
	    "directory); several hub processes may share one store.\n\n"
	    "Subcommands:\n"
	    "  init [DIR]    create DIR (mode 0700; new or empty) with\n"
	    "                hub-encrypt.key and hub-sign.key (secret, 0600),\n"
	    "                hub.pub and an empty hub.db; never replaces a\n"
	    "                hub.  --store CONNINFO: the store in PostgreSQL\n"
	    "                instead (postgresql://USER@HOST/DB, a database\n"
	    "                without a hub store; the password in PGPASSWORD\n"
	    "                or ~/.pgpass, never in CONNINFO)\n"
	    "  migrate --to CONNINFO\n"
	    "                copy the SQLite store into PostgreSQL (every\n"
	    "                row, counts checked, one transaction), then use\n"
	    "                it; hub.db stays as it was.  Stop hub serve\n"
	    "                first; docs/hub-postgresql.md\n"
	    "  show          hub.pub's path and fingerprint\n"
	    "  trust add FILE --account NAME\n"
	    "                trust the collector whose public key FILE is for\n"
	    "                the customer account NAME (created when new)\n"
	    "  trust list    the trusted collectors, by account\n"
	    "  trust remove FINGERPRINT\n"
	    "                stop trusting a collector (its row is kept, with\n"
	    "                the time it was removed)\n"
	    "  serve --listen ADDR:PORT --cert FILE --key FILE\n"
	    "                serve the SOAP endpoint over HTTPS (TLS 1.2+):\n"
	    "                /WebServices/Onsite2Service.asmx, WSDL at ?wsdl;\n"
	    "                collectors say hello, upload bundles (imported\n"
	    "                as by import, answered with the signed receipt)\n"
	    "                and send command results; docs/soap.md\n"
	    "  command add --collector FP scan KIND|walk HOST|logs [--since D]\n"
	    "                queue a command the collector runs on its next\n"
	    "                contact; command list [ID]: the queue, or one\n"
	    "                command's output\n"
	    "  import FILE... | DIR\n"
	    "                import bundles (a DIR: its *.bundle files), in\n"
	    "                the order their collectors wrote them (by\n"
	    "                sequence number): each is checked (signature,\n"
	    "                this hub, a trusted collector, a new sequence\n"
	    "                number, the payload's schema and limits) and\n"
	    "                written under the collector's account in one\n"
	    "                transaction, or refused with one line and\n"
	    "                nothing written; the same bundle again is\n"
	    "                'already imported'.  Each import writes a\n"
	    "                receipt signed by the hub,\n"
	    "                HUB/receipts/ID.receipt, for 'fleetaudit bundle\n"
	    "                check-receipt' on site.  Exits 1 when one was\n"
	    "                refused\n"
	    "  devices --account NAME\n"
	    "                the devices imported for an account\n"
	    "  report --account NAME --xlsx FILE | --html FILE | --csv DIR\n"
	    "                [--from DATE] [--to DATE]\n"
	    "                the assessment report of 'fleetaudit report'\n"
	    "                (the same code, the same numbers) from the\n"
	    "                data imported for an account\n"
	    "  meters --account NAME --period YYYY-MM [--csv | --json]\n"
	    "       [--map FILE] [--tolerance 3d]\n"
	    "                the billing counters of each device at the\n"
	    "                period's cut-off: the nearest read within the\n"
	    "                tolerance, else a linear estimate between the\n"
	    "                reads around it, never past the last read; the\n"
	    "                meter map HUB/meters/NAME.map; docs/billing.md\n"
	    "  supplies --account NAME [--threshold 10] [--days 14] [--new]\n"
	    "       [--csv | --json] | supplies order ID --account NAME\n"
	    "       [--by NAME]\n"
	    "                the cartridges to ship: at or under the\n"
	    "                threshold (percent) or empty within the days,\n"
	    "                with part number, quantity, device, site and\n"
	    "                location; each listed until marked ordered,\n"
	    "                then again only after a swap; docs/supplies.md\n"
	    "  attention [--account NAME]... [--json] [--silent-days 3]\n"
	    "       [--threshold 10] [--days 14]\n"
	    "                what needs the service desk, across accounts,\n"
	    "                most urgent first: devices in error, supplies\n"
	    "                empty or running out, devices not reporting,\n"
	    "                meter anomalies (also the web view's\n"
	    "                /attention); docs/attention.md\n"
	    "  account export NAME -o FILE | account delete NAME --yes\n"
	    "                everything the hub holds for an account as one\n"
	    "                file (JSON lines), or all of it removed from\n"
	    "                every table (receipts kept); docs/accounts.md\n"
	    "  account audit [NAME] [--json]\n"
	    "                who viewed or downloaded which account's data\n"
	    "                (web pages, downloads, exports), newest first\n"
	    "  rdl enable --domain D | disable | account NAME on|off\n"
	    "       | grant|revoke USER --account NAME | show\n"
	    "       | log [--since 2h] [--session ID] [--json]\n"
	    "                device web pages opened from the hub through\n"
	    "                the collector (run --rdl), each session on its\n"
	    "                own origin https://LABEL.D/, and their audit;\n"
	    "                docs/rdl.md\n"
	    "  user add NAME --role admin|user [--account A]... | remove NAME\n"
	    "       | list [--json] | passwd NAME [--password-file FILE]\n"
	    "                the web view's users (hub serve, every path but\n"
	    "                /WebServices/): a dealer admin sees every\n"
	    "                account, a user its --account ones; the password\n"
	    "                from a prompt, else the file's or standard\n"
	    "                input's first line; docs/web.md\n\n"
	    "Before trusting a collector, compare the fingerprint printed\n"
	    "here with the one 'fleetaudit keys show' prints on site (read it\n"
	    "out on the phone).  With --passphrase-file FILE (or\n"
	    "FLEETAUDIT_PASSPHRASE), hub init seals the secret keys under\n"
	    "that passphrase, and hub import opens them.  Formats and a\n"
	    "walk-through: docs/keys.md, docs/bundle-format.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit hub init /srv/fleetaudit-hub\n"
	    "  fleetaudit hub init /srv/hub --store "
	    "postgresql://fleetaudit@db.example/fleetaudit\n"
	    "  fleetaudit hub migrate --to "
	    "postgresql://fleetaudit@db.example/fleetaudit\n"
	    "  export FLEETAUDIT_HUB=/srv/fleetaudit-hub\n"
	    "  fleetaudit hub trust add site1.pub --account acme\n"
	    "  fleetaudit hub trust list --json\n"
	    "  fleetaudit hub trust remove k7q2-9xmd-3vaf-0c1e\n"
	    "  fleetaudit hub import /media/usb/*.bundle\n"
	    "  fleetaudit hub devices --account acme --json\n"
	    "  fleetaudit hub serve --listen 0.0.0.0:8443 --cert hub.pem "
	    "--key hub.key\n"
	    "  fleetaudit hub command add --collector k7q2-9xmd-3vaf-0c1e "
	    "walk 192.0.2.15\n",
	    cmd_hub, C_HUB },
	{ "keys", "SUBCOMMAND [options] [args]",
	    "the collector's key pair and the hub it trusts",
	    "The collector signs what it sends with an Ed25519 key pair kept\n"
	    "in its home (--home, FLEETAUDIT_HOME), and trusts one hub, whose\n"
	    "public key it keeps there too.\n\n"
	    "Subcommands:\n"
	    "  init          create HOME/collector.key (secret, mode 0600)\n"
	    "                and HOME/collector.pub; an existing key is kept\n"
	    "                unless --force (the hub must then trust the new\n"
	    "                one)\n"
	    "  show          collector.pub's path and fingerprint, and the\n"
	    "                trusted hub's\n"
	    "  check         open the secret key (with its passphrase) and\n"
	    "                check it against collector.pub\n"
	    "  trust-hub FILE\n"
	    "                trust the hub whose public key FILE is: copied\n"
	    "                to HOME/hub.pub; a different one is replaced\n"
	    "                only with --force\n\n"
	    "A fingerprint (as k7q2-9xmd-3vaf-0c1e) is short enough to read\n"
	    "out on the phone: compare it with the other side's before\n"
	    "trusting a key.  With --passphrase-file FILE (or\n"
	    "FLEETAUDIT_PASSPHRASE), init seals the secret key under a\n"
	    "passphrase (Argon2id), and check opens it; a passphrase is never\n"
	    "given on the command line.  A secret key file that group or\n"
	    "others may access is refused.  Formats: docs/keys.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit keys init --passphrase-file /etc/fleetaudit/pass\n"
	    "  fleetaudit keys show\n"
	    "  fleetaudit keys trust-hub /media/usb/hub.pub\n",
	    cmd_keys, C_KEYS },
	{ "models", "[options] [test DIR]",
	    "list model definitions, or try them on recordings",
	    "Without arguments, lists the model definitions (built-in, then\n"
	    "HOME/models, then --models DIR): what each matches and how many\n"
	    "meters it reads.  'models test DIR' serves every .snmprec file of\n"
	    "DIR with snmpsim on 127.0.0.1 (the community is the file name)\n"
	    "and reads each as 'assess' would, with the definitions, printing\n"
	    "the definition used, every meter with the OID it came from, the\n"
	    "supplies and the cross-checks.  Stores nothing.  The format is in\n"
	    "docs/models.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit models\n"
	    "  fleetaudit models test ./recordings --models ./my-models\n",
	    cmd_models, C_MODELS },
	{ "report", "[options] --xlsx FILE | --html FILE | --csv DIR",
	    "write the assessment report (xlsx, HTML, CSV) from the store",
	    "Writes the assessment report from the local store, for the\n"
	    "period --from to --to (default: the last 12 calendar months up\n"
	    "to now), in one or more forms:\n\n"
	    "  --xlsx FILE   a workbook: Summary (key figures, monthly volume,\n"
	    "                colour ratio and supplies nearest to empty, with\n"
	    "                charts), Devices, Volumes, Anomalies, Supplies,\n"
	    "                Alerts; typed cells, frozen headers, filters\n"
	    "  --html FILE   one self-contained page (inline CSS and SVG, no\n"
	    "                network loads) that prints well to PDF\n"
	    "  --csv DIR     one RFC 4180 file per part in DIR\n"
	    "  --prices FILE a price book (CSV) for costs per page and annual\n"
	    "                costs: a Costs sheet, section and costs.csv\n"
	    "  --proposal FILE  the contract's cost per page and the devices\n"
	    "                offered: current vs proposed cost, the saving,\n"
	    "                devices to replace, consolidation candidates\n\n"
	    "Volumes are pages per device and calendar month, prorated\n"
	    "linearly between meter readings and split at month boundaries,\n"
	    "with the days each month's readings really cover; readings\n"
	    "more than 35 days apart are gaps, and flagged steps (counter\n"
	    "decrease, 32-bit wrap, frozen counter, device swap) are left\n"
	    "out and listed, never guessed.  Days to empty come from the\n"
	    "current cartridge's level history (a Theil-Sen line, robust to\n"
	    "a shaken-toner bump and to coarse level steps), with a\n"
	    "confidence figure and the days of history used.  Supplies,\n"
	    "alerts and errors \"now\" are the newest the store holds.\n"
	    "Files are written whole (temporary file, then renamed).  The\n"
	    "methods are in docs/report.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit report --xlsx fleet.xlsx --html fleet.html\n"
	    "  fleetaudit report --from 2026-01-01 --to 2026-06-30 --csv out/\n"
	    "  fleetaudit report --from 90d --html last-quarter.html\n"
	    "  fleetaudit report --prices samples/prices.csv --xlsx fleet.xlsx\n",
	    cmd_report, C_REPORT },
	{ "run", "[options] [RANGE...]",
	    "collect on schedules until stopped (foreground, for systemd)",
	    "Runs discovery and the scans on their own intervals until SIGTERM\n"
	    "or SIGINT: discovery sweeps RANGE and reads the printers found;\n"
	    "the meters, supplies, errors and attributes scans re-read the\n"
	    "devices the store knows, by address, without a sweep (kinds due\n"
	    "together share one read).  Intervals: --interval KIND=DURATION\n"
	    "or 'interval = KIND=DURATION' in the config; a value out of its\n"
	    "range is refused.  Due times are kept in HOME/run.state, so a\n"
	    "restart resumes; overdue kinds are spread out.  SIGHUP reloads\n"
	    "the config (a bad one is refused, the running one kept).  Logs go\n"
	    "to stderr with a level (--log-level and above), and the last\n"
	    "5000 stay in memory for 'ctl logs'.  While it runs it answers\n"
	    "'fleetaudit ctl' on HOME/ctl.sock; a second run on the same home\n"
	    "refuses to start.\n\n"
	    "Examples:\n"
	    "  fleetaudit run --config /etc/fleetaudit/site.conf\n"
	    "  fleetaudit run -i supplies=1h -i discovery=4h 192.0.2.0/24\n",
	    cmd_run, C_RUN },
	{ "show", "[options] DEVICE",
	    "show one device: latest values and history",
	    "DEVICE is a device id (from 'devices'), a serial number, a MAC\n"
	    "address or an IP address.  Shows the latest read in full and one\n"
	    "line per earlier read (time, total pages, low supplies, errors).\n"
	    "\nExamples:\n"
	    "  fleetaudit show 3\n"
	    "  fleetaudit show CNB1234567 --json\n",
	    cmd_show, C_SHOW },
	{ "upload", "[options]",
	    "send what is new to the hub over HTTPS (SOAP), and run its "
	    "commands",
	    "Contacts the hub at --hub-url (or 'hub-url = URL' in the\n"
	    "config), always from here: nothing connects into the site.\n\n"
	    "  1. Hello, signed with the collector's key: the hub answers\n"
	    "     with its time and the commands it queued for this\n"
	    "     collector ('hub command add'); each runs here (scan KIND\n"
	    "     through the running 'fleetaudit run', walk HOST with this\n"
	    "     home's credentials, logs) and its output goes back\n"
	    "  2. what is new in the store becomes a bundle in HOME/outbox\n"
	    "     ('export bundle', the same sequence and marks)\n"
	    "  3. every bundle of the outbox is sent, oldest first; one\n"
	    "     leaves the outbox only once the hub's signed receipt is\n"
	    "     checked against HOME/hub.pub (kept in HOME/outbox/sent)\n\n"
	    "A hub that cannot be reached, a TLS failure, a timeout or a\n"
	    "5xx keep the bundle for the next try (its state in\n"
	    "NAME.retry: 'run' waits 1 min, then twice as long each time, up\n"
	    "to 6 h); a bundle the hub refuses moves to HOME/outbox/refused\n"
	    "with the reason.  A bundle sent again is 'already imported' on\n"
	    "the hub: nothing is lost or imported twice.  'run' does all\n"
	    "this after each scan when a hub URL is configured.\n\n"
	    "TLS: 1.2 or newer, the hub's certificate checked against the\n"
	    "system's CAs (or --cacert) and its name; --pin also requires its\n"
	    "public key's SHA-256.  Proxies: --proxy, else https_proxy,\n"
	    "all_proxy and no_proxy.  Exits 1 when something stays in the\n"
	    "outbox or was refused.  Protocol: docs/soap.md.\n\n"
	    "Examples:\n"
	    "  fleetaudit upload --hub-url https://hub.example.com/WebServices/Onsite2Service.asmx\n"
	    "  fleetaudit upload --cacert dealer-ca.pem --pin sha256//X9...=\n"
	    "  https_proxy=http://proxy:3128 fleetaudit upload\n",
	    cmd_upload, C_UPLOAD },
	{ "walk", "[options] HOST",
	    "full MIB walk of one device, in snmprec format",
	    "Walks HOST's whole MIB (or --root OID) and writes it as snmprec\n"
	    "lines (OID|TAG|VALUE, what snmpsim serves), sorted by OID, so a\n"
	    "device can be sent to support and replayed.  Bounded by\n"
	    "--max-varbinds and --max-time.\n\n"
	    "Examples:\n"
	    "  fleetaudit walk 192.0.2.15 -o printer.snmprec\n"
	    "  fleetaudit walk 192.0.2.15 --root 1.3.6.1.2.1.43\n",
	    cmd_walk, C_WALK },
};

static int
cmd_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct cmd *)e)->name);
}

const struct cmd *
cmd_find(const char *name)
{
	return bsearch(name, cmds, nitems(cmds), sizeof(cmds[0]), cmd_cmp);
}

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: fleetaudit COMMAND [options] [args]\n"
	    "       fleetaudit help COMMAND | --version\n\n"
	    "Print-fleet assessment over SNMP: discover printers, read their\n"
	    "meters, supplies and status, keep them in a local store.\n\n"
	    "Commands:\n");
	for (i = 0; i < nitems(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nRun 'fleetaudit help COMMAND' for a command's options."
	    "\nSee fleetaudit(1) for the config file and the JSON schema.\n");
}

int
cmd_help(int argc, char *argv[])
{
	const struct cmd	*c;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "fleetaudit: unknown command '%s'\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	printf("usage: fleetaudit %s %s\n\n%s  %s\n\n%s", c->name, c->args,
	    c->name, c->summary, c->help);
	if (c->opts != 0) {
		printf("\nOptions:\n");
		opts_usage(c->opts, stdout);
	}
	return EXIT_OK;
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c;

	fa_plat_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("fleetaudit %s\n", FA_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "fleetaudit: unknown command '%s' (see "
		    "'fleetaudit help')\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
