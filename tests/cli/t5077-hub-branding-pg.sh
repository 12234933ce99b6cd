#!/bin/sh
# t5077-hub-branding-pg: t5076-hub-branding on the PostgreSQL hub store,
# a private server on 127.77.0.26 (tests/lib/hubstore.sh): the same
# cases, the same addresses.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5076-hub-branding.sh"
