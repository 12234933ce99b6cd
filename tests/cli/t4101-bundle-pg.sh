#!/bin/sh
# t4101-bundle-pg: t4100-bundle on the PostgreSQL hub store, a private
# server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases, the same
# addresses.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t4100-bundle.sh"
