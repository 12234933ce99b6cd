#!/bin/sh
# t5401-rdl-pg: t5400-rdl on the PostgreSQL hub store, a private server
# on 127.77.0.26 (tests/lib/hubstore.sh): the same cases, the same
# addresses.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5400-rdl.sh"
