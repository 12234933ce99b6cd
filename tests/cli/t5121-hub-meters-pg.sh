#!/bin/sh
# t5121-hub-meters-pg: t5120-hub-meters on the PostgreSQL hub store, a
# private server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5120-hub-meters.sh"
