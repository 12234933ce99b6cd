#!/bin/sh
# t5231-hub-days-one-method-pg: t5230-hub-days-one-method on the
# PostgreSQL hub store, a private server (tests/lib/hubstore.sh): the same
# cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5230-hub-days-one-method.sh"
