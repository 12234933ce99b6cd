#!/bin/sh
# t4105-hub-packed-records-pg: t4104-hub-packed-records on the PostgreSQL
# hub store, a private server on 127.77.0.26 (tests/lib/hubstore.sh).
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t4104-hub-packed-records.sh"
