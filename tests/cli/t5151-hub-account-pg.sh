#!/bin/sh
# t5151-hub-account-pg: t5150-hub-account on the PostgreSQL hub store, a
# private server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5150-hub-account.sh"
