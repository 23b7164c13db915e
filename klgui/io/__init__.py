"""Reading and writing files (CSV, sessions). Pure functions over paths and streams;
no Qt import (tests/test_architecture.py keeps it so)."""
