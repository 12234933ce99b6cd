#!/bin/sh
# t5131-hub-supplies-pg: t5130-hub-supplies on the PostgreSQL hub store, a
# private server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5130-hub-supplies.sh"
