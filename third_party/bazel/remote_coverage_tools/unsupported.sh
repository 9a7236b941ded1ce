#!/bin/sh
echo "kwire: coverage tools are not available in the offline build (see docs/development.md)" >&2
exit 1
