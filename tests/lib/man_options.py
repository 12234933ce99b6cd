#!/usr/bin/python3
"""man_options.py FLEETAUDIT MANPAGE: every option of every command is
named in that command's entry of the man page's COMMANDS section.

The options come from the program's own table ("FLEETAUDIT --list
options CMD": "--NAME" and its short form, if any).  An entry counts as
naming an option when its text has the long or the short form, when it
refers to a group of the OPTIONS section ("the credential options") that
has it, when the option is a general one (OPTIONS, "General options"),
or when it says "those of CMD2" and CMD2's entry names it.  The hub's
subcommands parse options of their own and are checked elsewhere against
"hub --help", so "hub" is left out.  Prints one line per option missing
("CMD: --NAME") and exits 1 if there is any.
"""
import re
import subprocess
import sys

fa, man_path = sys.argv[1], sys.argv[2]
man = open(man_path, encoding="utf-8").read().split("\n")


def run(*args):
    return subprocess.run([fa] + list(args), capture_output=True,
                          text=True, check=True).stdout


cmds = run("--list", "commands").split()


def section(name):
    out, on = [], False
    for line in man:
        if line.startswith(".SH "):
            on = line[4:].strip().strip('"') == name
            continue
        if on:
            out.append(line)
    return out


# COMMANDS: an entry starts at a .TP outside any .RS/.RE whose next line
# is a font macro naming a command.
entries, cur, depth = {}, None, 0
com = section("COMMANDS")
for i, line in enumerate(com):
    if line.startswith(".RS"):
        depth += 1
    elif line.startswith(".RE"):
        depth -= 1
    if depth == 0 and i > 0 and com[i - 1] == ".TP" and line.startswith(".B"):
        words = line.split()
        name = words[1].strip('"') if len(words) > 1 else ""
        if name in cmds:
            cur = name
            entries[cur] = []
            continue
    if cur:
        entries[cur].append(line)

groups, group = {}, None
for line in section("OPTIONS"):
    if line.startswith(".SS "):
        group = line[4:].strip().lower().replace(" options", "")
        groups[group] = []
        continue
    if group:
        groups[group].append(line)


def names(lines):
    text = re.sub(r"\\f[BIRP]", " ", "\n".join(lines)).replace("\\-", "-")
    return set(re.findall(
        r"(?<![A-Za-z0-9-])(--[a-z][a-z0-9-]*|-[A-Za-z])(?![A-Za-z0-9-])",
        text))


general = names(groups.get("general", []))


def documented(cmd, seen=()):
    lines = entries.get(cmd, [])
    text = "\n".join(lines)
    have = names(lines) | general
    for key, body in groups.items():
        if re.search(r"\b" + key + r"\s+options", text):
            have |= names(body)
    for other in re.findall(r"those of\s+\.BR?\s+([a-z]+)", text):
        if other in cmds and other not in seen:
            have |= documented(other, seen + (cmd,))
    return have


bad = 0
for cmd in cmds:
    if cmd == "hub":
        continue
    if cmd not in entries:
        print("%s: no entry" % cmd)
        bad = 1
        continue
    have = documented(cmd)
    for line in run("--list", "options", cmd).splitlines():
        forms = line.split()
        if not any(f in have for f in forms):
            print("%s: %s" % (cmd, forms[0]))
            bad = 1
sys.exit(bad)
