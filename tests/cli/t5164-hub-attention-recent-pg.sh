#!/bin/sh
# t5164-hub-attention-recent-pg: t5163-hub-attention-recent on the PostgreSQL
# hub store (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5163-hub-attention-recent.sh"
