#!/bin/sh
# t5166-hub-web-triage-background-pg: t5165-hub-web-triage-background on the
# PostgreSQL hub store (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5165-hub-web-triage-background.sh"
