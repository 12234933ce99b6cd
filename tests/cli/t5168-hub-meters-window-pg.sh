#!/bin/sh
# t5168-hub-meters-window-pg: t5167-hub-meters-window on the PostgreSQL hub
# store (tests/lib/hubstore.sh): the same cases.
FA_HUB_STORE=postgresql exec sh "$(dirname "$0")/t5167-hub-meters-window.sh"
