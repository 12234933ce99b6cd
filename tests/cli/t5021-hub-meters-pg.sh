#!/bin/sh
# t5021-hub-meters-pg: t5020-hub-meters on the PostgreSQL hub store, a
# private server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5020-hub-meters.sh"
