#!/bin/sh
# t5011-hub-report-pg: t5010-hub-report on the PostgreSQL hub store, a private
# server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases, the same
# addresses.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5010-hub-report.sh"
