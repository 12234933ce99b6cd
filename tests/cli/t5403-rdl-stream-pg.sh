#!/bin/sh
# t5403-rdl-stream-pg: t5402-rdl-stream on the PostgreSQL hub store, a
# private server (tests/lib/hubstore.sh): the same cases, the same
# addresses; the second "hub serve" is one more process on the same
# PostgreSQL database.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5402-rdl-stream.sh"
