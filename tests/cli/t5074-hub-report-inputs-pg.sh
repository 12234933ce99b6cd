#!/bin/sh
# t5074-hub-report-inputs-pg: t5073-hub-report-inputs on the PostgreSQL
# hub store, a private server on 127.77.0.26 (tests/lib/hubstore.sh): the
# same cases, the same addresses.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5073-hub-report-inputs.sh"
