#!/bin/sh
# t4211-hub-auth-pg: t4210-hub-auth on the PostgreSQL hub store, a private
# server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases, the
# Hellos' nonces kept in PostgreSQL.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t4210-hub-auth.sh"
