#!/bin/sh
# t5161-hub-typed-store-pg: t5160-hub-typed-store on the PostgreSQL hub
# store, a private server on 127.77.0.26 (tests/lib/hubstore.sh).
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5160-hub-typed-store.sh"
