#!/bin/sh
# t5141-hub-attention-pg: t5140-hub-attention on the PostgreSQL hub store,
# a private server on 127.77.0.26 (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5140-hub-attention.sh"
