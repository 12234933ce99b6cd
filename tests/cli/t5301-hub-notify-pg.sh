#!/bin/sh
# t5301-hub-notify-pg: t5300-hub-notify on the PostgreSQL hub store, a
# private server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5300-hub-notify.sh"
