#!/bin/sh
# t5211-hub-web-triage-pg: t5210-hub-web-triage on the PostgreSQL hub
# store, a private server (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5210-hub-web-triage.sh"
